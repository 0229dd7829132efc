using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Recovery.Intake;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>
/// A bulk file's lines are prepared in blocks on every core and its chunks written two at once: what a line becomes still
/// depends on the lines before it only (a repeat is a duplicate, a reference taken again with another title a conflict,
/// a line refused takes no reference), every line is answered once in line order, and the job's counts are the answers'.
/// </summary>
public sealed class BulkIntakeParallelTests : IAsyncLifetime
{
    // Small chunks: the file is many chunks, several written while others are prepared.
    private readonly Scenario _s = new(new Dictionary<string, string?> { ["Intake:ChunkSize"] = "25" });

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task lines_far_apart_are_told_apart_in_line_order_and_every_chunk_counts_once()
    {
        var onss = await _s.OnssAsync();
        const int Lines = 420;
        var expected = new Dictionary<int, string>();
        var text = new string[Lines + 1];
        for (var line = 1; line <= Lines; line++)
        {
            text[line] = Line($"ONSS-PAR-{line:D3}", line);
            expected[line] = "accepted";
        }

        // A repeat of line 3 far below it (another block, another chunk): a duplicate.
        text[300] = text[3];
        expected[300] = "duplicate";
        // Line 5's reference again with another title, far below: a conflict.
        text[350] = Line("ONSS-PAR-005", 350, 123_456);
        expected[350] = "rejected";
        // A repeat right below (the same block).
        text[151] = text[150];
        expected[151] = "duplicate";
        // Not JSON.
        text[10] = "{ not json";
        expected[10] = "rejected";
        // A reference first refused (no amount due) takes no reference: taken again valid further down, it is accepted.
        text[60] = JsonSerializer.Serialize(Contrainte("ONSS-PAR-REUSED", Debtor.Default with { Niss = Niss(60) }, -5), Json);
        expected[60] = "rejected";
        text[260] = Line("ONSS-PAR-REUSED", 260);
        expected[260] = "accepted";

        var (lines, job, _) = await BulkIntake.PostAsync(onss, BulkIntake.Ndjson(string.Join('\n', text[1..]) + "\n"));

        Assert.Equal(Enumerable.Range(1, Lines), lines.Select(l => l.GetProperty("line").GetInt32()));
        foreach (var line in lines)
        {
            var number = line.GetProperty("line").GetInt32();
            Assert.True(expected[number] == BulkIntake.Outcome(line), $"line {number}: {BulkIntake.Outcome(line)}, expected {expected[number]}");
        }
        Assert.Contains("conflict", BulkIntake.Errors(lines[349]), StringComparison.Ordinal);
        Assert.Equal(DossierIds.FromReference("ONSS-PAR-003"), lines[299].GetProperty("dossierId").GetString());

        // The job's counts are the answers', although chunks committed in whichever order.
        var accepted = expected.Values.Count(v => v == "accepted");
        var polled = await onss.GetFromJsonAsync<IntakeJob>($"/onss/intake-jobs/{job}", Json, Ct);
        Assert.Equal((IntakeJobStatus.Finished, Lines, accepted, 2, 3),
            (polled!.Status, polled.LinesRead, polled.Accepted, polled.Duplicates, polled.Rejected));

        // In the database: one state per accepted line, one result per line, and each dossier's journal dated when its
        // state says it was submitted (a block's instant, the same for all of a line's rows).
        var db = _s.Api.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.Equal((long)accepted, await ScalarAsync(db, "SELECT count(*) FROM orleans_grain_state WHERE state_name = 'dossier'"));
        Assert.Equal((long)Lines, await ScalarAsync(db, $"SELECT count(*) FROM intake_job_lines WHERE job_id = '{job}'"));
        Assert.Equal(0L, await ScalarAsync(db, """
            SELECT count(*) FROM journal j JOIN orleans_grain_state s ON s.service_id = j.service_id AND s.state_name = 'dossier'
                AND s.grain_key = j.grain_key
            WHERE j.grain_type = 'dossier' AND j.at <> (s.payload ->> 'submittedAt')::timestamptz
            """));
    }

    [Fact]
    public async Task a_file_sent_slowly_is_written_as_its_lines_come_while_the_rest_is_still_to_come()
    {
        // A client that sends the body as it is written: the tests' default one buffers a body to replay it on a redirect.
        var user = await _s.Api.UserAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        using var onss = _s.Api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false })
            .WithTokenFor(_s.Api.Services, user.Id);
        var body = new System.IO.Pipelines.Pipe();
        using var content = new P4Orleans.Testing.FlushingContent(body.Reader);
        content.Headers.ContentType = new("application/x-ndjson");
        var sending = onss.PostAsync("/onss/dossiers/bulk", content, Ct);

        // One chunk's worth of titles, then the client waits: they are committed while the body is still open.
        await body.Writer.WriteAsync(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 25).Select(i => Line($"ONSS-SLOW-{i:D2}", i) + "\n"))), Ct);
        var db = _s.Api.Services.GetRequiredService<NpgsqlDataSource>();
        var committed = 0L;
        for (var i = 0; i < 300 && committed < 25; i++)
        {
            await Task.Delay(100, Ct);
            committed = await ScalarAsync(db, "SELECT coalesce(max(accepted), 0)::bigint FROM intake_jobs WHERE status = 'running'");
        }
        Assert.Equal(25L, committed);
        Assert.False(sending.IsCompleted);

        await body.Writer.WriteAsync(System.Text.Encoding.UTF8.GetBytes(Line("ONSS-SLOW-26", 26) + "\n"), Ct);
        await body.Writer.CompleteAsync();
        using var response = await sending;
        await ExpectAsync(response, System.Net.HttpStatusCode.OK);
        var answered = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Where(l => l.GetProperty("type").GetString() == "line").ToList();
        Assert.Equal(Enumerable.Range(1, 26), answered.Select(l => l.GetProperty("line").GetInt32()));
        Assert.All(answered, l => Assert.Equal("accepted", BulkIntake.Outcome(l)));
    }

    private static string Line(string reference, int sequence, long contributionsCents = 300_000) =>
        JsonSerializer.Serialize(Contrainte(reference, Debtor.Default with { Niss = Niss(sequence % 997 + 1) }, contributionsCents), Json);

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
