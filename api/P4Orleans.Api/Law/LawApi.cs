using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;
using P4Orleans.Law;

namespace P4Orleans.Api.Law;

/// <summary>The law engine for Operators: the same questions as the command line, over HTTP.</summary>
public static class LawApi
{
    public sealed record CheckIdRequest(string Value, IdentifierKind? Kind);

    public static IEndpointRouteBuilder MapLawApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/law").WithTags("Law").RequireAuthorization(Policies.Operators);
        group.MapGet("/deadline", Deadline).WithName("LawDeadline")
            .WithSummary("A procedural date (opposition, command to pay, formal notice) with its explanation in French and Dutch");
        group.MapGet("/tariff", Tariff).WithName("LawTariff").WithSummary("The cost of a bailiff's act for a claim on a date");
        group.MapGet("/arrondissement", Arrondissement).WithName("LawArrondissement")
            .WithSummary("The competent judicial arrondissement of a postal code, or a manual decision");
        group.MapGet("/seizable", Seizable).WithName("LawSeizable").WithSummary("The seizable part of a monthly income (art. 1409)");
        // The value may be a national register number: it travels in the body, never in the URL.
        group.MapPost("/check-id", CheckId).WithName("LawCheckId")
            .WithSummary("Checks a national register number, enterprise number or Belgian IBAN and says which check failed")
            .Audited("law.check-id", "identifier");
        return app;
    }

    private static Ok<DeadlineAnswer> Deadline(LawQueries law, DeadlineWindow window, DateOnly date, BaseEvent? @event, string? residence) =>
        TypedResults.Ok(Guard(() => law.Deadline(window, @event ?? BaseEvent.Service, date, residence ?? "BE")));

    private static Ok<TariffCost> Tariff(LawQueries law, BailiffAct act, long claimCents, DateOnly date) =>
        claimCents <= 0
            ? throw new ValidationFailedException("claimCents", "The claim must be a positive amount in cents.")
            : TypedResults.Ok(Guard(() => law.Tariff(act, claimCents, date)));

    private static Ok<CompetenceResult> Arrondissement(LawQueries law, string postalCode, string? country, PersonKind? person) =>
        TypedResults.Ok(Guard(() => law.Arrondissement(postalCode, country ?? "BE", person ?? PersonKind.Natural)));

    private static Ok<SeizableResult> Seizable(LawQueries law, long incomeCents, int? children, DateOnly date, IncomeType? type) =>
        incomeCents < 0 || children < 0
            ? throw new ValidationFailedException("incomeCents", "Income and children cannot be negative.")
            : TypedResults.Ok(Guard(() => law.Seizable(incomeCents, children ?? 0, date, type ?? IncomeType.Work)));

    private static Ok<IdentifierResult> CheckId(CheckIdRequest request, LawQueries law) =>
        TypedResults.Ok(law.CheckId(request.Value ?? "", request.Kind));

    private static T Guard<T>(Func<T> query)
    {
        try
        {
            return query();
        }
        catch (ArgumentException e)
        {
            // The engine names its own parameters; the caller knows the query's names.
            var field = e.ParamName switch { null => "query", "residenceCountry" => "residence", "baseEvent" => "event", var name => name };
            throw new ValidationFailedException(field, e.Message);
        }
        catch (LawRuleException e)
        {
            // No rule version for that date or amount: the question is outside what the engine answers.
            throw new ValidationFailedException("date", e.Message);
        }
    }
}
