using System.Net;
using System.Net.Http.Json;
using P4Orleans.Contracts;
using P4Orleans.Law;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>A title refused once (by the gateway or by the dossier's own checks) may be sent again, corrected.</summary>
public sealed class ResubmissionAfterRefusalTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    public static TheoryData<string> Refusals => ["nrn-check-digit", "street-too-long", "country-zz", "amount-over-ceiling", "issue-after-today"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task a_refused_title_then_the_corrected_one_under_the_same_reference_is_a_400_then_a_201(string refusal)
    {
        var onss = await _s.OnssAsync();
        var reference = "ONSS-RESUB-" + refusal;
        var good = Contrainte(reference);
        var bad = refusal switch
        {
            "nrn-check-digit" => good with { Debtor = good.Debtor with { Identifier = "85073003399" } },
            "street-too-long" => good with { Debtor = good.Debtor with { Address = good.Debtor.Address with { Street = new string('x', 5000) } } },
            "country-zz" => good with { Debtor = good.Debtor with { Address = good.Debtor.Address with { Country = "ZZ" } } },
            "amount-over-ceiling" => good with { Amounts = [new ClaimAmount(DebtComponent.Contributions, long.MaxValue)] },
            _ => good with { IssueDate = _s.Today.AddDays(30) },
        };

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var refused = await onss.PostAsJsonAsync("/onss/dossiers", bad, Json, Ct);
            await ExpectAsync(refused, HttpStatusCode.BadRequest);
        }
        var accepted = await onss.PostAsJsonAsync("/onss/dossiers", good, Json, Ct);
        await ExpectAsync(accepted, HttpStatusCode.Created);
        var again = await onss.PostAsJsonAsync("/onss/dossiers", good, Json, Ct);
        await ExpectAsync(again, HttpStatusCode.OK);
        var changed = await onss.PostAsJsonAsync("/onss/dossiers", bad, Json, Ct);
        Assert.InRange((int)changed.StatusCode, 400, 409);
    }
}
