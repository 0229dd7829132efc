using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// Bulk intake COPYs new dossiers' rows straight into the grain-state table, behind any activation: a dossier
/// grain activated before its row was written (it read: not found) recovers, and its next command sees the row.
/// </summary>
public sealed class BulkIntakeRecoveryTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private async Task CopyAsync(params string[] references)
    {
        var intake = cluster.FirstSilo.GetRequiredService<IntakeService>();
        var ndjson = new StringBuilder();
        foreach (var reference in references)
        {
            ndjson.Append(JsonSerializer.Serialize(PlatformData.Contrainte(reference), IntakeService.Json)).Append('\n');
        }
        var job = await intake.StartJobAsync(null, TestContext.Current.CancellationToken);
        var results = new List<IntakeLineResult>();
        await intake.RunBulkAsync(job, new MemoryStream(Encoding.UTF8.GetBytes(ndjson.ToString())),
            r => { results.Add(r); return ValueTask.CompletedTask; }, TestContext.Current.CancellationToken);
        Assert.Equal(references.Length, results.Count(r => r.Outcome == LineOutcome.Accepted));
    }

    [Fact]
    public async Task a_dossier_read_as_not_found_before_its_row_was_copied_sees_the_row_at_its_next_read_and_command()
    {
        const string reference = "ONSS-BULK-LATE-1";
        var grain = cluster.Grains.GetGrain<IDossierGrain>(PlatformData.Id(reference));
        await Assert.ThrowsAsync<DossierNotFoundException>(() => grain.GetSummaryAsync());
        await Assert.ThrowsAsync<DossierNotFoundException>(() => grain.AcceptAsync("office-b"));

        await CopyAsync(reference);

        Assert.Equal(DossierStatus.AwaitingDispatch, (await grain.GetSummaryAsync()).Status);
        await grain.AssignAsync("office-b", "test");
        Assert.Equal(DossierStatus.Assigned, (await grain.GetSummaryAsync()).Status);
        Assert.Equal(1, await cluster.JournalCountAsync(PlatformData.Id(reference), JournalKinds.Submitted));
    }

    [Fact]
    public async Task a_submission_deciding_on_no_row_while_the_copy_writes_the_row_retries_on_the_row_and_answers_a_duplicate()
    {
        const string reference = "ONSS-BULK-LATE-2";
        var id = PlatformData.Id(reference);
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await Assert.ThrowsAsync<DossierNotFoundException>(() => grain.GetSummaryAsync());

        // The grain's submission is held at its seal, after it decided on no row; meanwhile the bulk intake COPYs it.
        cluster.Vault.Hold();
        var submit = grain.SubmitAsync(PlatformData.Contrainte(reference));
        await cluster.Vault.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await CopyAsync(reference);
        cluster.Vault.Release();

        // The write meets the row (InconsistentStateException): the turn reads it and decides again, once.
        var outcome = await submit;
        Assert.True(outcome.Duplicate);
        Assert.Equal(1, await cluster.JournalCountAsync(id, JournalKinds.Submitted));
        await grain.AssignAsync("office-b", "test");
        Assert.Equal(DossierStatus.Assigned, (await grain.GetSummaryAsync()).Status);
    }
}
