using System.Net.Http.Json;
using P4Orleans.Api.Dossiers;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

public sealed class ReassignmentScenarioTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task an_office_that_refuses_with_a_reason_is_excluded_and_the_next_dispatch_gives_the_dossier_to_another_office()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        await _s.RegisterOfficeAsync(operators, "liege-b");
        var (id, first) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-REFUSE"));

        // The refusing office gets nothing of the dossier back (204); the Operators' view keeps the reason and the note.
        await PostAsync(await _s.BailiffAsync(first), $"/bailiff/dossiers/{id}/refusal",
            new BailiffApi.Refusal(RefusalReason.ConflictOfInterest, "The debtor is a relative of a clerk"), System.Net.HttpStatusCode.NoContent);
        var refused = await ViewAsync(operators, $"/operators/dossiers/{id}");
        Assert.Equal(DossierStatus.AwaitingDispatch, refused.Status);
        Assert.Null(refused.AssignedOfficeId);
        Assert.Equal([first], refused.ExcludedOfficeIds);
        Assert.Contains(refused.Notes, n => n.Kind == "refusal" && n.Text == "The debtor is a relative of a clerk");
        Assert.Contains(refused.Timeline, t => t.Detail.Contains(nameof(RefusalReason.ConflictOfInterest), StringComparison.Ordinal));

        Assert.Equal(1, (await _s.DispatchAsync()).Assigned);
        var second = await ViewAsync(onss, $"/onss/dossiers/{id}");
        Assert.Equal(DossierStatus.Assigned, second.Status);
        Assert.NotNull(second.AssignedOfficeId);
        Assert.NotEqual(first, second.AssignedOfficeId);
        await PostAsync(await _s.BailiffAsync(second.AssignedOfficeId), $"/bailiff/dossiers/{id}/acceptance", null);

        await _s.PollMessagesAsync();
        var firstOffice = await OfficeAsync(operators, first);
        Assert.Equal(1, firstOffice.Performance.Refused);
        Assert.Empty(firstOffice.OpenDossierIds);
        Assert.Equal([id], (await OfficeAsync(operators, second.AssignedOfficeId)).OpenDossierIds);
    }

    [Fact]
    public async Task a_missed_acceptance_deadline_reassigns_the_dossier_and_counts_against_the_office()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        await _s.RegisterOfficeAsync(operators, "liege-b");
        var (id, first) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-SLOW"));
        var assigned = await ViewAsync(onss, $"/onss/dossiers/{id}");
        var deadline = Assert.Single(assigned.KeyDates, k => k.Name == DossierReminders.AcceptanceDeadline);
        // Three working days from Monday 2 March 2026: Thursday 5 March at the earliest.
        Assert.True(deadline.Date >= new DateOnly(2026, 3, 5), $"acceptance deadline {deadline.Date}");
        await _s.PollMessagesAsync();

        // A day before the deadline nothing moves.
        _s.Clock.SetUtcNow(deadline.DueAt.AddDays(-1));
        await _s.PollRemindersAsync();
        Assert.Equal(DossierStatus.Assigned, (await ViewAsync(onss, $"/onss/dossiers/{id}")).Status);

        _s.Clock.SetUtcNow(deadline.DueAt.AddMinutes(1));
        Assert.True(await _s.PollRemindersAsync() >= 1);
        var missed = await ViewAsync(operators, $"/operators/dossiers/{id}");
        Assert.Equal(DossierStatus.AwaitingDispatch, missed.Status);
        Assert.Contains(first, missed.ExcludedOfficeIds);
        Assert.Contains(missed.KeyDates, k => k.Name == DossierReminders.AcceptanceDeadline && k.Reached);

        Assert.Equal(1, (await _s.DispatchAsync()).Assigned);
        var reassigned = await ViewAsync(onss, $"/onss/dossiers/{id}");
        Assert.Equal(DossierStatus.Assigned, reassigned.Status);
        Assert.NotEqual(first, reassigned.AssignedOfficeId);
        Assert.Contains(reassigned.KeyDates, k => k.Name == DossierReminders.AcceptanceDeadline && !k.Reached && k.DueAt > _s.Clock.GetUtcNow());

        // The first office's bailiff no longer reaches it; its record shows the miss once the messages are delivered.
        var late = await (await _s.BailiffAsync(first)).PostAsync($"/bailiff/dossiers/{id}/acceptance", null, Ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, late.StatusCode);
        await _s.PollMessagesAsync();
        var firstOffice = await OfficeAsync(operators, first);
        Assert.Equal(1, firstOffice.Performance.MissedAcceptanceDeadlines);
        Assert.Equal(0, firstOffice.Performance.Accepted);
        Assert.Empty(firstOffice.OpenDossierIds);
    }

    [Fact]
    public async Task an_office_departing_with_open_dossiers_sends_them_back_to_dispatch_and_they_get_other_offices()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-leaving", capacity: 100);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _s.SubmitAsync(onss, Contrainte($"ONSS-2026-DEPART-{i}")));
        }
        Assert.Equal(3, (await _s.DispatchAsync()).Assigned);
        var leaving = await _s.BailiffAsync("liege-leaving");
        await PostAsync(leaving, $"/bailiff/dossiers/{ids[0]}/acceptance", null);
        await PostAsync(leaving, $"/bailiff/dossiers/{ids[1]}/acceptance", null);
        await PostAsync(leaving, $"/bailiff/dossiers/{ids[1]}/service", new ServiceReport(_s.Today, ServiceMode.InPerson, null, "ACT-9"));
        await _s.PollMessagesAsync();
        Assert.Equal(3, (await OfficeAsync(operators, "liege-leaving")).Load);

        await _s.RegisterOfficeAsync(operators, "liege-staying", capacity: 100);
        var status = await operators.PutAsJsonAsync("/operators/bailiffs/liege-leaving/status", new OperatorsApi.OfficeStatus(BailiffStatus.Departed), Json, Ct);
        await ExpectAsync(status, System.Net.HttpStatusCode.OK);
        await _s.PollMessagesAsync();
        foreach (var id in ids)
        {
            var view = await ViewAsync(operators, $"/operators/dossiers/{id}");
            Assert.Equal(DossierStatus.AwaitingDispatch, view.Status);
            Assert.Contains("liege-leaving", view.ExcludedOfficeIds);
        }

        Assert.Equal(3, (await _s.DispatchAsync()).Assigned);
        foreach (var id in ids)
        {
            Assert.Equal("liege-staying", (await ViewAsync(onss, $"/onss/dossiers/{id}")).AssignedOfficeId);
        }
        // The served dossier resumes where it stood once the new office accepts.
        var staying = await _s.BailiffAsync("liege-staying");
        var resumed = await ReadAsync<BailiffDossierView>(await PostAsync(staying, $"/bailiff/dossiers/{ids[1]}/acceptance", null));
        Assert.Equal(DossierStatus.Served, resumed.Status);
        Assert.NotNull(resumed.Service);
        await _s.PollMessagesAsync();
        var departed = await OfficeAsync(operators, "liege-leaving");
        Assert.Equal(BailiffStatus.Departed, departed.Status);
        Assert.Equal(0, departed.Load);
        Assert.Equal(3, (await OfficeAsync(operators, "liege-staying")).Load);
    }
}
