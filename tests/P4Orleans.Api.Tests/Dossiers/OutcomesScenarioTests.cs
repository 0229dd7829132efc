using System.Net;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

// The other ends of a dossier through the gateway: payment terms, irrecoverability, withdrawal, a missed service deadline.
public sealed class OutcomesScenarioTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task payment_terms_pause_the_procedure_and_their_end_resumes_it_where_it_was()
    {
        var (onss, operators) = (await _s.OnssAsync(), await _s.OperatorAsync());
        await _s.RegisterOfficeAsync(operators, "liege-plan");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-PLAN-1", Debtor.Default with { Niss = Niss(501) }));
        var bailiff = await _s.BailiffAsync(office);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);

        var planned = await ReadAsync<DossierView>(await PostAsync(onss, $"/onss/dossiers/{id}/payment-plan",
            new PaymentPlanTerms(_s.Today, 6, 55_000, _s.Today.AddDays(10))));
        Assert.Equal(DossierStatus.PaymentPlan, planned.Status);
        Assert.True(planned.PaymentPlan!.Active);

        // While the terms run, the bailiff may not serve.
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/service", new ServiceReport(_s.Today, ServiceMode.InPerson, "X"), HttpStatusCode.Conflict);

        _s.Clock.Advance(TimeSpan.FromDays(40));
        var ended = await ReadAsync<DossierView>(await PostAsync(onss, $"/onss/dossiers/{id}/payment-plan/end",
            new OnssApiPlanEnd(PaymentPlanEnd.Defaulted, _s.Today)));
        Assert.Equal(DossierStatus.Accepted, ended.Status);
        Assert.Equal(PaymentPlanEnd.Defaulted, ended.PaymentPlan!.EndedBy);
    }

    [Fact]
    public async Task an_irrecoverable_debt_is_purged_after_the_grace_period_once_the_intervention_is_closed()
    {
        var (onss, operators) = (await _s.OnssAsync(), await _s.OperatorAsync());
        await _s.RegisterOfficeAsync(operators, "liege-irrecoverable");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-IRR-1", Debtor.Default with { Niss = Niss(502) }));
        var bailiff = await _s.BailiffAsync(office);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);

        var declared = await ReadAsync<DossierView>(await PostAsync(onss, $"/onss/dossiers/{id}/irrecoverability", new { reason = "insolvent" }));
        Assert.Equal(DossierStatus.Irrecoverable, declared.Status);

        // No retention reminder while the bailiff's intervention is open.
        _s.Clock.Advance(TimeSpan.FromDays(60));
        await _s.PollRemindersAsync();
        Assert.Equal(DossierStatus.Irrecoverable, (await ViewAsync(onss, $"/onss/dossiers/{id}")).Status);

        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/intervention-closure", null);
        _s.Clock.Advance(TimeSpan.FromDays(29));
        await _s.PollRemindersAsync();
        Assert.Equal(DossierStatus.Irrecoverable, (await ViewAsync(onss, $"/onss/dossiers/{id}")).Status);
        _s.Clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await _s.PollRemindersAsync() >= 1);

        var purged = await ViewAsync(onss, $"/onss/dossiers/{id}");
        Assert.Equal(DossierStatus.Purged, purged.Status);
        Assert.True(purged.PersonalDataPurged);
        Assert.Null(purged.Debtor);
        Assert.Equal(Liege, purged.ArrondissementId);
    }

    [Fact]
    public async Task a_withdrawn_title_stops_every_command_and_the_bailiff_no_longer_reaches_it()
    {
        var (onss, operators) = (await _s.OnssAsync(), await _s.OperatorAsync());
        await _s.RegisterOfficeAsync(operators, "liege-withdrawn");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-WD-1", Debtor.Default with { Niss = Niss(503) }));

        var withdrawn = await ReadAsync<DossierView>(await PostAsync(onss, $"/onss/dossiers/{id}/withdrawal", new { reason = "paid to ONSS directly" }));
        Assert.Equal(DossierStatus.Withdrawn, withdrawn.Status);
        await PostAsync(onss, $"/onss/dossiers/{id}/payments",
            new PaymentReport(10_000, _s.Today, PaymentSource.Onss, "PAY-1"), HttpStatusCode.Conflict);

        var bailiff = await _s.BailiffAsync(office);
        var accept = await bailiff.PostAsync($"/bailiff/dossiers/{id}/acceptance", null, Ct);
        Assert.True(accept.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound, $"accepting a withdrawn title answered {(int)accept.StatusCode}");
    }

    [Fact]
    public async Task a_missed_service_deadline_is_escalated_to_the_operators()
    {
        var (onss, operators) = (await _s.OnssAsync(), await _s.OperatorAsync());
        await _s.RegisterOfficeAsync(operators, "liege-slow");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-SLOW-1", Debtor.Default with { Niss = Niss(504) }));
        await PostAsync(await _s.BailiffAsync(office), $"/bailiff/dossiers/{id}/acceptance", null);
        var accepted = await ViewAsync(operators, $"/operators/dossiers/{id}");
        var deadline = Assert.Single(accepted.KeyDates, k => k.Name == DossierReminders.ServiceDeadline);
        Assert.Empty(accepted.Escalations);

        _s.Clock.SetUtcNow(deadline.DueAt.AddMinutes(-5));
        await _s.PollRemindersAsync();
        Assert.Empty((await ViewAsync(operators, $"/operators/dossiers/{id}")).Escalations);

        _s.Clock.SetUtcNow(deadline.DueAt.AddMinutes(5));
        Assert.True(await _s.PollRemindersAsync() >= 1);
        var escalated = await ViewAsync(operators, $"/operators/dossiers/{id}");
        var escalation = Assert.Single(escalated.Escalations);
        Assert.Equal(EscalationKind.ServiceDeadlineMissed, escalation.Kind);
        Assert.Equal(DossierStatus.Accepted, escalated.Status);
    }

    private sealed record OnssApiPlanEnd(PaymentPlanEnd Reason, DateOnly Date);
}
