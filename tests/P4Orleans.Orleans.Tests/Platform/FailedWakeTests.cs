using System.Text.Json;
using System.Text.Json.Serialization;
using P4Orleans.Contracts;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// A wake changes the state before it can fail: it takes each due wake-up off the state, then applies it; the
/// retention expiry then destroys the dossier's key in the vault. When that fails, the activation must not keep the
/// wake-up taken off, or the purge would never come (the catch-up would wake a dossier that sees nothing due).
/// </summary>
public sealed class FailedWakeTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task a_retention_purge_whose_key_cannot_be_destroyed_leaves_no_trace_and_the_next_wake_purges()
    {
        var id = await cluster.SubmitAsync("ONSS-NT-PURGE-1");
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await grain.WithdrawAsync("withdrawn by ONSS");
        var row = await cluster.RowAsync("dossier", id);
        Assert.Contains(DossierReminders.RetentionExpiry, row!.Value.Payload, StringComparison.Ordinal);

        // The vault fails before the retention expiry falls due, so the silo's own catch-up meets the failure too.
        var before = await SnapshotAsync(id, grain);
        ((long Version, string Payload) Row, long Journal, string View) after;
        cluster.Vault.Fail = true;
        try
        {
            cluster.Clock.Advance(TimeSpan.FromDays(400));
            await Assert.ThrowsAnyAsync<Exception>(() => grain.WakeAsync());
            // Read while the vault still fails: the catch-up runs every half second and, once the vault answers again,
            // may purge between the row's read and the view's.
            after = await SnapshotAsync(id, grain);
        }
        finally
        {
            cluster.Vault.Fail = false;
        }

        Assert.Equal(before, after);
        // The next wake (the test's or the catch-up's) purges, once.
        await grain.WakeAsync();
        Assert.True((await grain.GetAsync()).PersonalDataPurged);
        Assert.Equal(1, await cluster.JournalCountAsync(id, JournalKinds.PersonalDataPurged));
    }

    private async Task<((long Version, string Payload) Row, long Journal, string View)> SnapshotAsync(string id, IDossierGrain grain) =>
        ((await cluster.RowAsync("dossier", id))!.Value, await cluster.JournalCountAsync(id), JsonSerializer.Serialize(await grain.GetAsync(), Json));
}
