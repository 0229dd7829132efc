using P4Orleans.Api.Compliance;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Tests.Dossiers;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Compliance;

/// <summary>The data-protection manager's retention report, over dossiers withdrawn through the gateway and purged by the silo's deadlines.</summary>
public sealed class RetentionReportTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task a_purge_is_blocked_while_the_intervention_is_open_then_due_at_its_date_then_done()
    {
        var (onss, operators) = (await _s.OnssAsync(), await _s.OperatorAsync());
        var dpo = _s.Api.ClientFor(await _s.Api.UserAsync(Security.Roles.DataProtectionManager));
        // Withdrawn before any dispatch: retention runs 30 days from now. Withdrawn after acceptance: the office's intervention stays open.
        var free = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-RET-1", Debtor.Default with { Niss = Niss(701) }));
        await PostAsync(onss, $"/onss/dossiers/{free}/withdrawal", new OnssApi.Justification("paid to ONSS directly"));
        await _s.RegisterOfficeAsync(operators, "liege-r");
        var (held, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-RET-2", Debtor.Default with { Niss = Niss(702) }));
        await PostAsync(await _s.BailiffAsync(office), $"/bailiff/dossiers/{held}/acceptance", null);
        await PostAsync(onss, $"/onss/dossiers/{held}/withdrawal", new OnssApi.Justification("paid to ONSS directly"));

        var now = await ReadAsync<RetentionView>(await dpo.GetAsync("/security/reports/retention", Ct));
        Assert.Equal((0, 0, 1), (now.Done, now.Due, now.Blocked));
        var blocked = Assert.Single(now.Items);
        Assert.Equal((held, "blocked", "Withdrawn"), (blocked.DossierId, blocked.State, blocked.Status));
        Assert.Contains("intervention is still open", blocked.Reason, StringComparison.Ordinal);

        // 1 April 10:00 UTC: the first dossier's retention date (2 March + 30 days) has come; its purge has not run.
        _s.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromHours(1));
        var due = await ReadAsync<RetentionView>(await dpo.GetAsync("/security/reports/retention", Ct));
        Assert.Equal((0, 1, 1), (due.Done, due.Due, due.Blocked));
        Assert.Equal((free, new DateOnly(2026, 4, 1), "due on 2026-04-01"), due.Items.Where(i => i.State == "due").Select(i => (i.DossierId, i.RetentionDate!.Value, i.Reason)).Single());
        // Two days later without a purge, it is overdue.
        _s.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal("overdue since 2026-04-01",
            (await ReadAsync<RetentionView>(await dpo.GetAsync("/security/reports/retention", Ct))).Items.Single(i => i.State == "due").Reason);

        await _s.PollRemindersAsync();
        var done = await ReadAsync<RetentionView>(await dpo.GetAsync("/security/reports/retention", Ct));
        Assert.Equal((1, 0, 1), (done.Done, done.Due, done.Blocked));
        var purged = done.Items.Single(i => i.State == "done");
        Assert.Equal((free, "Purged"), (purged.DossierId, purged.Status));
        Assert.NotNull(purged.PurgedAt);
    }
}
