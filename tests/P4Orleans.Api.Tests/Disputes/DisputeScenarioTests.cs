using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Disputes;

public sealed class DisputeScenarioTests : IAsyncLifetime
{
    private const string Note = "Le débiteur affirme avoir payé le 15 février.";

    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    /// <summary>What the raising endpoints answer: the dispute's id and the dossier as the caller reads it.</summary>
    private sealed record Recorded<T>(string DisputeId, T Dossier);

    private async Task<(HttpClient Onss, HttpClient Operators, string Id, string Office)> DispatchedAsync(string reference)
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte(reference));
        return (onss, operators, id, office);
    }

    [Fact]
    public async Task an_amicable_dispute_raised_through_onss_is_assigned_and_corrected_by_an_operator_and_every_step_is_audited()
    {
        var (onss, operators, id, office) = await DispatchedAsync("ONSS-2026-DSP-1");

        var raised = await ReadAsync<Recorded<OnssDossierView>>(await PostAsync(onss, $"/onss/dossiers/{id}/disputes",
            new AmicableDisputeReport(DisputeGround.ContestedAmount, DisputeParty.Debtor, _s.Today, Note)));
        Assert.Equal("A1", raised.DisputeId);
        var dispute = Assert.Single(raised.Dossier.Disputes!.Amicable);
        // Received Monday 2 March 2026 + 30 calendar days = Wednesday 1 April 2026.
        Assert.Equal(new DateOnly(2026, 4, 1), dispute.DecideBy);
        Assert.Equal(DisputeChannel.Onss, dispute.Channel);
        Assert.Equal(Note, dispute.Note);
        Assert.Contains(raised.Dossier.KeyDates, k => k.Name == DisputeDeadlines.DecisionPrefix + "A1" && k.Date == new DateOnly(2026, 4, 1));
        Assert.Contains(DossierCommand.RaiseDispute, raised.Dossier.AllowedCommands);

        var unassigned = await ProblemAsync(await operators.PostAsJsonAsync($"/operators/dossiers/{id}/disputes/A1/decision",
            new AmicableDisputeDecision(AmicableOutcome.Rejected, _s.Today), Json, Ct), HttpStatusCode.Conflict);
        Assert.Equal("dispute-not-assigned", unassigned.GetProperty("reason").GetString());

        var assigned = await ReadAsync<DossierView>(await PostAsync(operators, $"/operators/dossiers/{id}/disputes/A1/assignment", null));
        Assert.NotNull(Assert.Single(assigned.Disputes!.Amicable).OperatorId);

        var decided = await ReadAsync<DossierView>(await PostAsync(operators, $"/operators/dossiers/{id}/disputes/A1/decision",
            new AmicableDisputeDecision(AmicableOutcome.AmountCorrected, _s.Today, 200_000, "Majoration comptée deux fois.")));
        // 300,000 contributions + 25,000 interest corrected to 200,000: the contributions lose 125,000.
        Assert.Equal(200_000, decided.Amounts.BalanceCents);
        Assert.Equal(175_000, decided.Amounts.OutstandingByComponent[P4Orleans.Law.DebtComponent.Contributions]);
        Assert.Equal(AmicableOutcome.AmountCorrected, Assert.Single(decided.Disputes!.Amicable).Outcome);
        Assert.DoesNotContain(decided.KeyDates, k => k.Name == DisputeDeadlines.DecisionPrefix + "A1");
        Assert.Contains(decided.Timeline, t => t.Kind == nameof(DossierCommand.RaiseDispute) && t.Detail.Contains("amicable dispute A1", StringComparison.Ordinal));
        Assert.Contains(decided.Timeline, t => t.Kind == nameof(DossierCommand.DecideDispute) && t.Detail.Contains("AmountCorrected to 200000", StringComparison.Ordinal));
        Assert.Contains(decided.Timeline, t => t.Kind == "deadline-cancelled" && t.Deadline!.Name == DisputeDeadlines.DecisionPrefix + "A1");

        // The office sees the dispute and its outcome, not the parties' words.
        var officeView = await (await _s.BailiffAsync(office)).GetFromJsonAsync<BailiffDossierView>($"/bailiff/dossiers/{id}", Json, Ct);
        var seen = Assert.Single(officeView!.Disputes!.Amicable);
        Assert.Null(seen.Note);
        Assert.Null(seen.DecisionNote);

        var audit = await AuditAsync(id);
        Assert.Contains(("dossier.raise-dispute", "ok:200"), audit);
        Assert.Contains(("dossier.assign-dispute", "ok:200"), audit);
        Assert.Contains(("dossier.decide-dispute", "ok:200"), audit);
        // The decision refused before the assignment is in the log too, with its status.
        Assert.Contains(audit, a => a.Action == "dossier.decide-dispute" && a.Outcome.EndsWith(":409", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_dispute_left_undecided_past_its_deadline_reaches_the_operators_as_an_escalation()
    {
        var (onss, operators, id, _) = await DispatchedAsync("ONSS-2026-DSP-2");
        await PostAsync(onss, $"/onss/dossiers/{id}/disputes", new AmicableDisputeReport(DisputeGround.Identity, DisputeParty.ThirdParty, _s.Today));

        // The deadline ends with Wednesday 1 April 2026 (Brussels, summer time): not yet at 21:59 UTC, reached at 22:00.
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 21, 59, 0, TimeSpan.Zero));
        await _s.PollRemindersAsync();
        Assert.DoesNotContain((await ViewAsync(operators, $"/operators/dossiers/{id}")).Escalations, e => e.Kind == EscalationKind.DisputeOverdue);
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 22, 0, 0, TimeSpan.Zero));
        await _s.PollRemindersAsync();

        var view = await ViewAsync(operators, $"/operators/dossiers/{id}");
        var escalation = Assert.Single(view.Escalations, e => e.Kind == EscalationKind.DisputeOverdue);
        Assert.Contains("A1", escalation.Detail, StringComparison.Ordinal);
        Assert.True(Assert.Single(view.Disputes!.Amicable).Overdue);
        Assert.Contains(view.Timeline, t => t.Kind == "deadline-reached" && t.Deadline!.Name == DisputeDeadlines.DecisionPrefix + "A1");
    }

    [Fact]
    public async Task disputes_are_refused_to_other_offices_to_other_roles_for_bad_input_and_once_the_dossier_is_over()
    {
        var (onss, operators, id, office) = await DispatchedAsync("ONSS-2026-DSP-3");
        await _s.RegisterOfficeAsync(operators, "namur-a", "namur");
        var bailiff = await _s.BailiffAsync(office);
        var report = new AmicableDisputeReport(DisputeGround.PaymentAlreadyMade, DisputeParty.Debtor, _s.Today, Note);

        var byOffice = await ReadAsync<Recorded<BailiffDossierView>>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/disputes", report));
        Assert.Equal(DisputeChannel.Office, Assert.Single(byOffice.Dossier.Disputes!.Amicable).Channel);

        // Another office: "no such dossier", as for a dossier that does not exist.
        await PostAsync(await _s.BailiffAsync("namur-a"), $"/bailiff/dossiers/{id}/disputes", report, HttpStatusCode.NotFound);
        await PostAsync(onss, "/onss/dossiers/no-such-dossier/disputes", report, HttpStatusCode.NotFound);
        await PostAsync(operators, $"/operators/dossiers/{id}/disputes/A9/assignment", null, HttpStatusCode.NotFound);
        await PostAsync(operators, $"/operators/dossiers/{id}/judicial-disputes/J1/hearings", new HearingReport(_s.Today), HttpStatusCode.NotFound);
        // Roles: an office does not decide, ONSS does not assign, an Operator does not raise through ONSS's door.
        await PostAsync(bailiff, $"/operators/dossiers/{id}/disputes/A1/decision", new AmicableDisputeDecision(AmicableOutcome.Upheld, _s.Today),
            HttpStatusCode.Forbidden);
        await PostAsync(onss, $"/operators/dossiers/{id}/disputes/A1/assignment", null, HttpStatusCode.Forbidden);
        await PostAsync(operators, $"/onss/dossiers/{id}/disputes", report, HttpStatusCode.Forbidden);

        // Bad input: 400 with the field named; a date in the future is a conflict with today (409, after-today).
        foreach (var body in new[]
        {
            """{"ground":"Nonsense","raisedBy":"Debtor","receivedOn":"2026-03-02"}""",
            """{"ground":"Identity","raisedBy":"Debtor"}""",
            """{"ground":"Identity","raisedBy":"Debtor","receivedOn":"2026-02-30"}""",
            "{\"ground\":\"Identity\",\"raisedBy\":\"Debtor\",\"receivedOn\":\"2026-03-02\",\"note\":\"" + new string('x', 2001) + "\"}",
            "not json",
        })
        {
            var response = await onss.PostAsync($"/onss/dossiers/{id}/disputes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
            await ProblemAsync(response, HttpStatusCode.BadRequest);
        }

        var future = await ProblemAsync(await onss.PostAsJsonAsync($"/onss/dossiers/{id}/disputes", report with { ReceivedOn = _s.Today.AddDays(1) }, Json, Ct),
            HttpStatusCode.Conflict);
        Assert.Equal("after-today", future.GetProperty("reason").GetString());
        await PostAsync(operators, $"/operators/dossiers/{id}/judicial-disputes",
            new JudicialDisputeReport(JudicialDisputeKind.ThirdPartyClaim, "Juge des saisies de Liège", _s.Today, ["S1"]), HttpStatusCode.BadRequest);
        var noJudgment = await ProblemAsync(await operators.PostAsJsonAsync($"/operators/dossiers/{id}/judicial-disputes",
            new JudicialDisputeReport(JudicialDisputeKind.Appeal, "Cour du travail de Liège", _s.Today), Json, Ct), HttpStatusCode.Conflict);
        Assert.Equal("no-judgment", noJudgment.GetProperty("reason").GetString());
        var notSuspended = await ProblemAsync(await onss.PostAsync($"/onss/dossiers/{id}/disputes/execution-resumption", null, Ct), HttpStatusCode.Conflict);
        Assert.Equal("not-suspended", notSuspended.GetProperty("reason").GetString());
        Assert.Single((await ViewAsync(operators, $"/operators/dossiers/{id}")).Disputes!.Amicable);

        // Once withdrawn, no dispute is raised or decided: 409 with what is allowed.
        await PostAsync(onss, $"/onss/dossiers/{id}/withdrawal", new { reason = "Titre retiré." });
        var over = await ProblemAsync(await onss.PostAsJsonAsync($"/onss/dossiers/{id}/disputes", report, Json, Ct), HttpStatusCode.Conflict);
        Assert.DoesNotContain(over.GetProperty("allowed").EnumerateArray(), a => a.GetString() == nameof(DossierCommand.RaiseDispute));
        await PostAsync(operators, $"/operators/dossiers/{id}/disputes/A1/assignment", null, HttpStatusCode.Conflict);
        Assert.Single((await ViewAsync(operators, $"/operators/dossiers/{id}")).Disputes!.Amicable);

        var audit = await AuditAsync(id);
        Assert.Contains(audit, a => a.Action == "dossier.raise-dispute" && a.Outcome == "refused:not-assigned-office:404");
        Assert.Contains(audit, a => a.Action == "dossier.raise-dispute" && a.Outcome.EndsWith(":400", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "dossier.decide-dispute" && a.Outcome == "denied:403");
    }

    [Fact]
    public async Task judicial_disputes_suspend_and_lift_seizures_and_the_attachment_judge_stops_execution_until_onss_resumes()
    {
        var (onss, operators, id, office) = await DispatchedAsync("ONSS-2026-DSP-4");
        var bailiff = await _s.BailiffAsync(office);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        var served = await ReadAsync<BailiffDossierView>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/service",
            new ServiceReport(_s.Today, ServiceMode.InPerson, null, "ACT-1")));
        _s.Clock.SetUtcNow(served.KeyDates.Single(k => k.Name == DossierReminders.Executable).DueAt.AddHours(1));
        await _s.PollRemindersAsync();
        var seizure = new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, _s.Today, [new SeizableAsset("Machine-outil", 800_000)], "ACT-2");
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/seizures", seizure);

        // A third party claims the machine (hearing Monday 16 March 2026), then the hearing moves to Monday 23 March.
        var claim = await ReadAsync<Recorded<DossierView>>(await PostAsync(operators, $"/operators/dossiers/{id}/judicial-disputes",
            new JudicialDisputeReport(JudicialDisputeKind.ThirdPartyClaim, "Juge des saisies de Liège", _s.Today, ["S1"], new DateOnly(2026, 3, 16))));
        Assert.Equal("J1", claim.DisputeId);
        Assert.Equal(["S1"], claim.Dossier.Disputes!.SuspendedSeizureIds);
        var hearing = Assert.Single(claim.Dossier.KeyDates, k => k.Name == DisputeDeadlines.HearingPrefix + "J1");
        Assert.Equal(new DateTimeOffset(2026, 3, 15, 23, 0, 0, TimeSpan.Zero), hearing.DueAt);
        Assert.StartsWith("Audience du lundi 16 mars 2026", hearing.French, StringComparison.Ordinal);
        Assert.StartsWith("Zitting van maandag 16 maart 2026", hearing.Dutch, StringComparison.Ordinal);
        var moved = await ReadAsync<DossierView>(await PostAsync(operators, $"/operators/dossiers/{id}/judicial-disputes/J1/hearings",
            new HearingReport(new DateOnly(2026, 3, 23))));
        Assert.Contains(moved.Timeline, t => t.Kind == "deadline-moved" && t.Deadline is { Name: "dispute-hearing:J1", PreviousDate: { } p } && p == new DateOnly(2026, 3, 16));
        var granted = await ReadAsync<DossierView>(await PostAsync(operators, $"/operators/dossiers/{id}/judicial-disputes/J1/decision",
            new JudicialDisputeDecision(JudicialOutcome.Granted, _s.Today)));
        Assert.Equal(["S1"], granted.Disputes!.LiftedSeizureIds);
        Assert.Empty(granted.Disputes.SuspendedSeizureIds);
        await PostAsync(operators, $"/operators/dossiers/{id}/judicial-disputes/J1/decision", new JudicialDisputeDecision(JudicialOutcome.Rejected, _s.Today),
            HttpStatusCode.Conflict);

        // The attachment judge stops the execution: no executory seizure until ONSS confirms its claim.
        await PostAsync(operators, $"/operators/dossiers/{id}/judicial-disputes",
            new JudicialDisputeReport(JudicialDisputeKind.AttachmentJudge, "Juge des saisies de Liège", _s.Today));
        var stopped = await ReadAsync<DossierView>(await PostAsync(operators, $"/operators/dossiers/{id}/judicial-disputes/J2/decision",
            new JudicialDisputeDecision(JudicialOutcome.Granted, _s.Today)));
        Assert.Equal("J2", stopped.Disputes!.ExecutionSuspendedBy);
        var refused = await ProblemAsync(await bailiff.PostAsJsonAsync($"/bailiff/dossiers/{id}/seizures", seizure, Json, Ct), HttpStatusCode.Conflict);
        Assert.Equal("execution-suspended", refused.GetProperty("reason").GetString());
        Assert.True((await (await _s.BailiffAsync(office)).GetFromJsonAsync<BailiffDossierView>($"/bailiff/dossiers/{id}", Json, Ct))!.Disputes!.ExecutionSuspended);

        var resumed = await ReadAsync<OnssDossierView>(await PostAsync(onss, $"/onss/dossiers/{id}/disputes/execution-resumption", null));
        Assert.False(resumed.Disputes!.ExecutionSuspended);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/seizures", seizure);

        var audit = await AuditAsync(id);
        Assert.Contains(("dossier.record-judicial-dispute", "ok:200"), audit);
        Assert.Contains(("dossier.record-hearing", "ok:200"), audit);
        Assert.Contains(("dossier.decide-judicial-dispute", "ok:200"), audit);
        Assert.Contains(("dossier.resume-after-dispute", "ok:200"), audit);
    }

    private async Task<List<(string Action, string Outcome)>> AuditAsync(string dossierId)
    {
        var page = await (await _s.AuditorAsync()).GetFromJsonAsync<JsonElement>($"/security/audit?dossierId={dossierId}&limit=1000", Json, Ct);
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry"))
            .Select(e => (e.GetProperty("action").GetString()!, e.GetProperty("outcome").GetString()!))];
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        await ExpectAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}
