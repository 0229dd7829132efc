using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

public sealed class OppositionScenarioTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Theory]
    [InlineData(JudgmentOutcome.Upheld)]
    [InlineData(JudgmentOutcome.Reduced)]
    [InlineData(JudgmentOutcome.Annulled)]
    public async Task an_opposition_suspends_execution_and_the_judgment_resumes_adjusts_or_closes_the_dossier(JudgmentOutcome outcome)
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-OPP-" + outcome));
        var bailiff = await _s.BailiffAsync(office);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        var served = await ReadAsync<BailiffDossierView>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/service",
            new ServiceReport(_s.Today, ServiceMode.InPerson, null, "ACT-1")));
        _s.Clock.SetUtcNow(served.KeyDates.Single(k => k.Name == DossierReminders.Executable).DueAt.AddHours(1));
        await _s.PollRemindersAsync();
        var seized = await ReadAsync<BailiffDossierView>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/seizures",
            new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, _s.Today, [new SeizableAsset("Car in the garage", 800_000)], "ACT-2")));
        Assert.Equal(DossierStatus.Seizure, seized.Status);
        var titleClaim = seized.Amounts.ChargedCents - seized.Amounts.OutstandingByComponent.GetValueOrDefault(P4Orleans.Law.DebtComponent.BailiffCosts);

        // The debtor opposes: execution is suspended and the executory seizure becomes conservatory.
        _s.Clock.Advance(TimeSpan.FromDays(3));
        var opposed = await ReadAsync<BailiffDossierView>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/opposition",
            new OppositionReport(OppositionKind.AdversarialPetition, _s.Today, "Tribunal du travail de Liège")));
        Assert.Equal(DossierStatus.Opposed, opposed.Status);
        var seizure = Assert.Single(opposed.Seizures);
        Assert.Equal(SeizureNature.Conservatory, seizure.Nature);
        Assert.Equal(SeizureNature.Executory, seizure.ReportedNature);
        Assert.DoesNotContain(DossierCommand.ReportService, opposed.AllowedCommands);
        // The office is offered only its own commands; the judgment is the Operators'.
        Assert.DoesNotContain(DossierCommand.RecordJudgment, opposed.AllowedCommands);
        Assert.Contains(DossierCommand.RecordJudgment, (await ViewAsync(operators, $"/operators/dossiers/{id}")).AllowedCommands);
        var executorySeizure = await bailiff.PostAsync($"/bailiff/dossiers/{id}/seizures", System.Net.Http.Json.JsonContent.Create(
            new SeizureReport(SeizureKind.Garnishment, SeizureNature.Executory, _s.Today, [new SeizableAsset("Wages", null)]), options: Json), Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, executorySeizure.StatusCode);

        // The labour court rules.
        _s.Clock.Advance(TimeSpan.FromDays(60));
        var reducedTo = titleClaim / 2;
        var judged = await ReadAsync<DossierView>(await PostAsync(operators, $"/operators/dossiers/{id}/judgment",
            new JudgmentReport(outcome, _s.Today, outcome == JudgmentOutcome.Reduced ? reducedTo : null)));
        Assert.Equal(outcome, judged.Opposition!.Outcome);
        switch (outcome)
        {
            case JudgmentOutcome.Upheld:
                Assert.Equal(DossierStatus.Seizure, judged.Status);
                Assert.Equal(SeizureNature.Executory, Assert.Single(judged.Seizures).Nature);
                Assert.Equal(opposed.Amounts.BalanceCents, judged.Amounts.BalanceCents);
                break;
            case JudgmentOutcome.Reduced:
                Assert.Equal(DossierStatus.Seizure, judged.Status);
                Assert.Equal(SeizureNature.Executory, Assert.Single(judged.Seizures).Nature);
                Assert.Equal(opposed.Amounts.BalanceCents - (titleClaim - reducedTo), judged.Amounts.BalanceCents);
                Assert.Equal(reducedTo, judged.Opposition.ReducedToCents);
                break;
            case JudgmentOutcome.Annulled:
                Assert.Equal(DossierStatus.Closed, judged.Status);
                Assert.Contains(DossierCommand.CloseIntervention, judged.AllowedCommands);
                Assert.DoesNotContain(judged.KeyDates, k => k.Name == DossierReminders.Prescription && !k.Reached);
                break;
        }
        Assert.Contains(judged.Timeline, t => t.Kind == nameof(DossierCommand.RecordJudgment) && t.Detail.Contains(outcome.ToString(), StringComparison.Ordinal));
    }
}
