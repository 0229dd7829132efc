using System.Net;
using System.Text.Json;
using Npgsql;
using P4Orleans.Api.Dossiers;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>Manual assignment, act dates, overpayments and deadlines in the timeline, through the real gateway.</summary>
public sealed class DomainChecksScenarioTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Theory]
    [InlineData("no-such-office")]
    [InlineData("liege-z")]
    public async Task an_operator_assigning_a_dossier_to_an_unknown_office_gets_404_and_no_office_record_is_created(string officeId)
    {
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var id = await _s.SubmitAsync(await _s.OnssAsync(), Contrainte($"ONSS-2026-GHOST-{officeId}"));

        var response = await operators.PostAsync($"/operators/dossiers/{id}/assignment",
            System.Net.Http.Json.JsonContent.Create(new OperatorsApi.Assignment(officeId, "by hand"), options: Json), Ct);
        await ExpectAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await _s.PollMessagesAsync();

        Assert.Equal(0, await RowsAsync(GrainTypes.Bailiff, officeId));
        Assert.Equal(DossierStatus.AwaitingDispatch, (await ViewAsync(operators, $"/operators/dossiers/{id}")).Status);
        var listed = await ReadAsync<BailiffView[]>(await operators.GetAsync("/operators/bailiffs", Ct));
        Assert.Equal(["liege-a"], listed.Select(o => o.OfficeId));
    }

    [Theory]
    [InlineData("namur-a", "namur", null, "other-arrondissement")]
    [InlineData("brussels-a", "brussels", null, "other-arrondissement")]
    [InlineData("liege-s", Liege, BailiffStatus.Suspended, "office-suspended")]
    [InlineData("liege-d", Liege, BailiffStatus.Departed, "office-departed")]
    public async Task an_operator_assigning_a_dossier_to_an_office_that_may_not_take_it_gets_a_409_naming_the_reason(
        string officeId, string arrondissement, BailiffStatus? status, string reason)
    {
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, officeId, arrondissement);
        if (status is { } s)
        {
            await ExpectAsync(await operators.PutAsync($"/operators/bailiffs/{officeId}/status",
                System.Net.Http.Json.JsonContent.Create(new OperatorsApi.OfficeStatus(s), options: Json), Ct), HttpStatusCode.OK);
        }

        var id = await _s.SubmitAsync(await _s.OnssAsync(), Contrainte($"ONSS-2026-ELIG-{officeId}"));
        var problem = await ProblemAsync(await PostAsync(operators, $"/operators/dossiers/{id}/assignment",
            new OperatorsApi.Assignment(officeId, "by hand"), HttpStatusCode.Conflict));

        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Contains(officeId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await _s.PollMessagesAsync();
        Assert.Empty((await OfficeAsync(operators, officeId)).OpenDossierIds);
        Assert.Null((await ViewAsync(operators, $"/operators/dossiers/{id}")).AssignedOfficeId);
    }

    [Fact]
    public async Task an_operator_assigns_and_reassigns_only_to_active_offices_of_the_arrondissement()
    {
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        await _s.RegisterOfficeAsync(operators, "liege-b");
        await _s.RegisterOfficeAsync(operators, "namur-a", "namur");
        var id = await _s.SubmitAsync(await _s.OnssAsync(), Contrainte("ONSS-2026-MANUAL"));

        var assigned = await ReadAsync<DossierView>(await PostAsync(operators, $"/operators/dossiers/{id}/assignment", new OperatorsApi.Assignment("liege-a", "by hand")));
        Assert.Equal("liege-a", assigned.AssignedOfficeId);

        await ExpectAsync(await operators.PostAsync($"/operators/dossiers/{id}/reassignment",
            System.Net.Http.Json.JsonContent.Create(new OperatorsApi.Reassignment("nobody", "x"), options: Json), Ct), HttpStatusCode.NotFound);
        var other = await ProblemAsync(await PostAsync(operators, $"/operators/dossiers/{id}/reassignment",
            new OperatorsApi.Reassignment("namur-a", "x"), HttpStatusCode.Conflict));
        Assert.Equal("other-arrondissement", other.GetProperty("reason").GetString());
        Assert.Equal(0, await RowsAsync(GrainTypes.Bailiff, "nobody"));

        var moved = await ReadAsync<DossierView>(await PostAsync(operators, $"/operators/dossiers/{id}/reassignment", new OperatorsApi.Reassignment("liege-b", "x")));
        Assert.Equal("liege-b", moved.AssignedOfficeId);
    }

    [Fact]
    public async Task an_executory_seizure_dated_before_the_contrainte_became_executable_is_a_409_and_the_timeline_explains_every_deadline()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-EARLY"));
        var bailiff = await _s.BailiffAsync(office);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        var serviceDay = _s.Today;
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/service", new ServiceReport(serviceDay, ServiceMode.InPerson, null, "ACT-1"));

        // A service in the future, and before the acceptance, are refused too.
        var future = await ProblemAsync(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/opposition",
            new OppositionReport(OppositionKind.Summons, serviceDay.AddDays(1), "Tribunal du travail de Liège"), HttpStatusCode.Conflict));
        Assert.Equal("after-today", future.GetProperty("reason").GetString());

        _s.Clock.Advance(TimeSpan.FromDays(3));
        await _s.PollRemindersAsync();
        Assert.Equal(DossierStatus.Executable, (await ViewAsync(operators, $"/operators/dossiers/{id}")).Status);
        foreach (var early in new[] { serviceDay.AddDays(-1), serviceDay, serviceDay.AddDays(1) })
        {
            var problem = await ProblemAsync(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/seizures",
                new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, early, [new SeizableAsset("Car", 100_000)]), HttpStatusCode.Conflict));
            Assert.Equal("before-executable", problem.GetProperty("reason").GetString());
        }

        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/seizures",
            new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, serviceDay.AddDays(2), [new SeizableAsset("Car", 100_000)]));

        var view = await ViewAsync(operators, $"/operators/dossiers/{id}");
        Assert.Equal(DossierStatus.Seizure, view.Status);
        var window = Assert.Single(view.Timeline, t => t.Kind == JournalKinds.DeadlineSet && t.Deadline?.Name == DossierReminders.OppositionWindowEnd);
        Assert.Equal(view.KeyDates.Single(k => k.Name == DossierReminders.OppositionWindowEnd).French, window.Deadline!.French);
        Assert.StartsWith("Verzettermijn", window.Deadline.Dutch, StringComparison.Ordinal);
        Assert.Contains(view.Timeline, t => t.Kind == JournalKinds.DeadlineReached && t.Deadline?.Name == DossierReminders.Executable);
        Assert.Contains(view.Timeline, t => t.Kind == JournalKinds.DeadlineMoved && t.Deadline?.Name == DossierReminders.Prescription);
        Assert.Equal(view.Timeline.Where(t => t.Deadline is not null).Select(t => t.Deadline!.Name).Distinct().Order(),
            (await ViewAsync(onss, $"/onss/dossiers/{id}")).Timeline.Where(t => t.Deadline is not null).Select(t => t.Deadline!.Name).Distinct().Order());
    }

    [Fact]
    public async Task a_payment_above_the_balance_is_recorded_with_the_refund_due_and_one_above_the_ceiling_is_a_400()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-OVERPAID"));

        var tooMuch = await onss.PostAsync($"/onss/dossiers/{id}/payments",
            System.Net.Http.Json.JsonContent.Create(new PaymentReport(P4Orleans.Law.Money.MaxAmountCents + 1, _s.Today, PaymentSource.Onss, "P-0"), options: Json), Ct);
        await ExpectAsync(tooMuch, HttpStatusCode.BadRequest);

        var paid = await ReadAsync<DossierView>(await PostAsync(onss, $"/onss/dossiers/{id}/payments",
            new PaymentReport(400_000, _s.Today, PaymentSource.Onss, "P-1")));
        Assert.Equal(DossierStatus.Paid, paid.Status);
        Assert.Equal(75_000, paid.Amounts.OverpaymentCents); // 325,000 charged
        Assert.Equal(EscalationKind.OverpaymentRefundDue, Assert.Single(paid.Escalations).Kind);
        Assert.Equal(EscalationKind.OverpaymentRefundDue, Assert.Single((await ViewAsync(operators, $"/operators/dossiers/{id}")).Escalations).Kind);
    }

    private async Task<long> RowsAsync(string grainType, string grainId)
    {
        await using var db = NpgsqlDataSource.Create(_s.Api.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM orleans_grain_state WHERE state_name = $1 AND grain_key = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = grainType });
        cmd.Parameters.Add(new NpgsqlParameter { Value = grainId });
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await ReadAsync<JsonElement>(response);
    }
}
