using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using P4Orleans.Contracts;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// A dossier's documents live beside its state, not in it: each write appends the documents attached in its turn to
/// <c>dossier_documents</c> in the statement that writes the state, and the stored row keeps only their number; the
/// views, a document attached again and the purge read them back whole and in order.
/// </summary>
public sealed class DocumentStorageTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private const string Office = Documents.Office;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Sha(int i) => Documents.Sha(i);

    [Fact]
    public async Task attached_documents_go_to_their_table_and_the_stored_row_keeps_their_number_only()
    {
        var (id, grain) = await AcceptedAsync("ONSS-DC-1");
        var sizes = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            await grain.AttachDocumentAsync(i % 2 == 0 ? Office : null, new DocumentUpload($"doc-{i}", DocumentKind.Other, "application/pdf", 10 + i, Sha(i)));
            var (payload, length) = await PayloadAsync(id);
            Assert.False(payload.ContainsKey("documents"));
            Assert.Equal(i + 1, (long)payload["documentSeq"]!);
            sizes.Add(length);
        }

        Assert.Equal(20, await RowsAsync(id));
        Assert.True(sizes[^1] - sizes[4] < 16, $"the stored row grew from {sizes[4]} to {sizes[^1]} bytes with 15 more documents");

        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        var view = await grain.GetAsync();
        Assert.Equal([.. Enumerable.Range(0, 20).Select(i => $"doc-{i}")], view.Documents.Select(d => d.DocumentId));
        Assert.Equal(Sha(7), view.Documents[7].Sha256);
        Assert.Equal(Office, view.Documents[2].OfficeId);
        Assert.Equal(20, (await grain.GetForOnssAsync()).Documents.Count);
        Assert.Equal(20, (await grain.GetForOfficeAsync(Office)).Documents.Count);

        // Attached again with the same content: found among the stored documents, nothing added; other content: refused.
        await grain.AttachDocumentAsync(null, new DocumentUpload("doc-3", DocumentKind.Other, "application/pdf", 13, Sha(3)));
        Assert.Equal(20, await RowsAsync(id));
        var refused = await Assert.ThrowsAsync<DossierValidationException>(() =>
            grain.AttachDocumentAsync(null, new DocumentUpload("doc-3", DocumentKind.Other, "application/pdf", 13, Sha(99))));
        Assert.Contains(refused.Errors, e => e.Field == "documentId");
        Assert.Equal(20, (await grain.GetAsync()).Documents.Count);
    }

    private async Task<(string Id, IDossierGrain Grain)> AcceptedAsync(string reference) => await Documents.AcceptedAsync(cluster, reference);

    private async Task<(JsonObject Payload, int Length)> PayloadAsync(string id) => await Documents.PayloadAsync(cluster, id);

    private Task<long> RowsAsync(string id) => Documents.RowsAsync(cluster, id);
}

/// <summary>A row written in the earlier form, then the purge (which moves the platform clock: a fixture of its own).</summary>
public sealed class DocumentUpgradeAndPurgeTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Sha(int i) => Documents.Sha(i);

    [Fact]
    public async Task a_row_holding_its_documents_is_read_as_it_is_its_next_write_moves_them_out_and_the_purge_marks_them_all()
    {
        var (id, grain) = await AcceptedAsync("ONSS-DC-2");
        for (var i = 0; i < 3; i++)
        {
            await grain.AttachDocumentAsync(null, new DocumentUpload($"old-{i}", DocumentKind.Other, "application/pdf", 10, Sha(i)));
        }

        var expected = JsonSerializer.Serialize((await grain.GetAsync()).Documents);

        // The earlier form: the documents in the state, no number, none in the table.
        await using (var cmd = cluster.Database.CreateCommand("""
            WITH e AS (DELETE FROM dossier_documents WHERE service_id = $1 AND grain_key = $2 RETURNING seq, entry)
            UPDATE orleans_grain_state SET payload = (payload - 'documentSeq') || jsonb_build_object('documents', (SELECT jsonb_agg(entry ORDER BY seq) FROM e))
            WHERE service_id = $1 AND state_name = 'dossier' AND grain_key = $2
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = id });
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync(Ct));
        }

        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        Assert.Equal(expected, JsonSerializer.Serialize((await grain.GetAsync()).Documents));

        await grain.AttachDocumentAsync(null, new DocumentUpload("new-0", DocumentKind.Other, "application/pdf", 10, Sha(50)));
        var (payload, _) = await PayloadAsync(id);
        Assert.False(payload.ContainsKey("documents"));
        Assert.Equal(4, (long)payload["documentSeq"]!);
        Assert.Equal(4, await RowsAsync(id));
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        Assert.Equal(["old-0", "old-1", "old-2", "new-0"], (await grain.GetAsync()).Documents.Select(d => d.DocumentId));

        // The retention purge: every document, stored or held, shows purged, and the journal names them all.
        await grain.WithdrawAsync("withdrawn by ONSS");
        await grain.CloseInterventionAsync(Documents.Office);
        cluster.Clock.Advance(TimeSpan.FromDays(400));
        // A wake applies at most a few rounds of due deadlines: wake until nothing is left.
        for (var i = 0; i < 10 && await grain.WakeAsync() > 0; i++)
        {
        }

        var purged = await grain.GetAsync();
        Assert.True(purged.PersonalDataPurged);
        Assert.Equal(4, purged.Documents.Count);
        Assert.All(purged.Documents, d => Assert.True(d.Purged));
        await using var journal = cluster.Database.CreateCommand(
            "SELECT data::text FROM journal WHERE service_id = $1 AND grain_key = $2 AND kind = $3");
        journal.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        journal.Parameters.Add(new NpgsqlParameter { Value = id });
        journal.Parameters.Add(new NpgsqlParameter { Value = JournalKinds.PersonalDataPurged });
        var data = JsonNode.Parse((string)(await journal.ExecuteScalarAsync(Ct))!)!;
        Assert.Equal(["old-0", "old-1", "old-2", "new-0"], data["documentIds"]!.AsArray().Select(n => (string)n!));
    }

    private async Task<(string Id, IDossierGrain Grain)> AcceptedAsync(string reference) => await Documents.AcceptedAsync(cluster, reference);

    private async Task<(JsonObject Payload, int Length)> PayloadAsync(string id) => await Documents.PayloadAsync(cluster, id);

    private Task<long> RowsAsync(string id) => Documents.RowsAsync(cluster, id);
}

internal static class Documents
{
    public const string Office = "office-dc";

    public static string Sha(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([(byte)i]));

    public static async Task<(string Id, IDossierGrain Grain)> AcceptedAsync(PlatformCluster cluster, string reference)
    {
        var id = await cluster.SubmitAsync(reference);
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await grain.AssignAsync(Office, "test");
        await grain.AcceptAsync(Office);
        return (id, grain);
    }

    public static async Task<(JsonObject Payload, int Length)> PayloadAsync(PlatformCluster cluster, string id)
    {
        var row = await cluster.RowAsync("dossier", id);
        return (JsonNode.Parse(row!.Value.Payload)!.AsObject(), row.Value.Payload.Length);
    }

    public static Task<long> RowsAsync(PlatformCluster cluster, string id) =>
        cluster.CountAsync("SELECT count(*) FROM dossier_documents WHERE service_id = $1 AND grain_key = $2", cluster.ServiceId, id);
}
