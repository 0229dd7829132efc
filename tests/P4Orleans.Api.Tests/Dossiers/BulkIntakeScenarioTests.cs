using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Intake;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

public sealed class BulkIntakeScenarioTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task a_bulk_file_with_good_duplicate_and_invalid_lines_takes_the_good_ones_and_says_why_for_the_others()
    {
        var onss = await _s.OnssAsync();
        var good = Enumerable.Range(1, 50).Select(i => Contrainte($"ONSS-BULK-{i:D3}", Debtor.Default with { Niss = Niss(i) }, 100_000 + i)).ToList();
        var lines = good.Select(t => JsonSerializer.Serialize(t, Json)).ToList();
        lines.Add(lines[4]);                                                                                  // 51: the 5th again
        lines.Add(JsonSerializer.Serialize(good[9] with { Amounts = [new ClaimAmount(P4Orleans.Law.DebtComponent.Contributions, 1)] }, Json)); // 52: conflict
        var badNiss = Niss(77)[..9] + ((int.Parse(Niss(77)[9..], System.Globalization.CultureInfo.InvariantCulture) % 97) + 1).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
        lines.Add(JsonSerializer.Serialize(Contrainte("ONSS-BULK-BADNISS", Debtor.Default with { Niss = badNiss }), Json)); // 53
        lines.Add("{\"reference\": \"ONSS-BULK-BROKEN\", \"titleKind\": ");                                 // 54: broken JSON
        var file = string.Join('\n', lines) + "\n";

        var (results, job, summary) = await PostBulkAsync(onss, file);
        Assert.Equal(54, results.Count);
        Assert.Equal(Enumerable.Range(1, 54), results.Select(r => r.GetProperty("line").GetInt32()));
        Assert.All(results.Take(50), r => Assert.Equal("accepted", r.GetProperty("outcome").GetString()));
        var duplicate = results[50];
        Assert.Equal("duplicate", duplicate.GetProperty("outcome").GetString());
        Assert.Equal(results[4].GetProperty("dossierId").GetString(), duplicate.GetProperty("dossierId").GetString());
        var conflict = results[51];
        Assert.Equal("rejected", conflict.GetProperty("outcome").GetString());
        Assert.Contains("conflict", Errors(conflict), StringComparison.Ordinal);
        var niss = results[52];
        Assert.Equal("rejected", niss.GetProperty("outcome").GetString());
        Assert.Equal("ONSS-BULK-BADNISS", niss.GetProperty("reference").GetString());
        Assert.Contains("debtor.identifier", Errors(niss), StringComparison.Ordinal);
        Assert.Contains("check", Errors(niss), StringComparison.OrdinalIgnoreCase);
        var broken = results[53];
        Assert.Equal("rejected", broken.GetProperty("outcome").GetString());
        Assert.Contains("JSON", Errors(broken), StringComparison.Ordinal);

        var totals = summary.GetProperty("job");
        Assert.Equal(50, totals.GetProperty("accepted").GetInt32());
        Assert.Equal(1, totals.GetProperty("duplicates").GetInt32());
        Assert.Equal(3, totals.GetProperty("rejected").GetInt32());
        var polled = await onss.GetFromJsonAsync<IntakeJob>($"/onss/intake-jobs/{job}", Json, Ct);
        Assert.Equal(job, polled!.Id);
        Assert.Equal("finished", polled.Status);
        Assert.Equal((54, 50, 1, 3), (polled.LinesRead, polled.Accepted, polled.Duplicates, polled.Rejected));
        Assert.NotNull(polled.FinishedAt);

        // The good ones are dossiers, readable and listed; their ids follow ONSS's references.
        var fifth = await ViewAsync(onss, $"/onss/dossiers/{DossierIds.FromReference("ONSS-BULK-005")}");
        Assert.Equal(DossierStatus.AwaitingDispatch, fifth.Status);
        Assert.Equal(Niss(5), fifth.Debtor!.Identifier);
        Assert.Equal(125_005, fifth.Amounts.BalanceCents);
        var page = await onss.GetFromJsonAsync<Api.Dossiers.DossierPage>("/onss/dossiers?status=AwaitingDispatch&limit=1000", Json, Ct);
        Assert.Equal(50, page!.Items.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await onss.GetAsync($"/onss/dossiers/{DossierIds.FromReference("ONSS-BULK-BADNISS")}", Ct)).StatusCode);

        // The same file again: the good lines are duplicates, the bad ones still rejected, nothing new.
        var (again, _, againSummary) = await PostBulkAsync(onss, file);
        Assert.All(again.Take(51), r => Assert.Equal("duplicate", r.GetProperty("outcome").GetString()));
        Assert.All(again.Skip(51), r => Assert.Equal("rejected", r.GetProperty("outcome").GetString()));
        Assert.Equal(0, againSummary.GetProperty("job").GetProperty("accepted").GetInt32());
        Assert.Equal(51, againSummary.GetProperty("job").GetProperty("duplicates").GetInt32());
        page = await onss.GetFromJsonAsync<Api.Dossiers.DossierPage>("/onss/dossiers?limit=1000", Json, Ct);
        Assert.Equal(50, page!.Items.Count);
    }

    [Fact]
    public async Task a_file_of_several_chunks_reports_every_line_in_order_and_finds_duplicates_and_conflicts_across_chunks()
    {
        var onss = await _s.OnssAsync();
        var titles = Enumerable.Range(1, 4_200)
            .Select(i => Contrainte($"ONSS-CHUNKS-{i:D5}", Debtor.Default with { Niss = Niss((i % 997) + 1) }, 100_000 + i)).ToList();
        var lines = titles.Select(t => JsonSerializer.Serialize(t, Json)).ToList();
        lines[2_999] = "{ not json";                                                                                        // line 3,000
        lines.Add(lines[9]);                                                                                                  // 4,201: line 10 again
        lines.Add(JsonSerializer.Serialize(titles[2_099] with { Amounts = [new ClaimAmount(P4Orleans.Law.DebtComponent.Contributions, 7)] }, Json)); // 4,202

        var (results, job, summary) = await PostBulkAsync(onss, string.Join('\n', lines) + "\n");
        Assert.Equal(Enumerable.Range(1, 4_202), results.Select(r => r.GetProperty("line").GetInt32()));
        Assert.Equal("rejected", results[2_999].GetProperty("outcome").GetString());
        Assert.Equal("duplicate", results[4_200].GetProperty("outcome").GetString());
        Assert.Equal(results[9].GetProperty("dossierId").GetString(), results[4_200].GetProperty("dossierId").GetString());
        Assert.Equal("rejected", results[4_201].GetProperty("outcome").GetString());
        Assert.Contains("conflict", Errors(results[4_201]), StringComparison.Ordinal);
        var totals = summary.GetProperty("job");
        Assert.Equal((4_199, 1, 2), (totals.GetProperty("accepted").GetInt32(), totals.GetProperty("duplicates").GetInt32(), totals.GetProperty("rejected").GetInt32()));
        var polled = await onss.GetFromJsonAsync<IntakeJob>($"/onss/intake-jobs/{job}", Json, Ct);
        Assert.Equal((4_202, 4_199), (polled!.LinesRead, polled.Accepted));
    }

    private static string Errors(JsonElement line) => line.GetProperty("errors").ToString();

    private static async Task<(List<JsonElement> Lines, Guid Job, JsonElement Summary)> PostBulkAsync(HttpClient onss, string file)
    {
        var content = new StringContent(file, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var response = await onss.PostAsync("/onss/dossiers/bulk", content, Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var head = lines[0];
        Assert.Equal("job", head.GetProperty("type").GetString());
        var job = head.GetProperty("jobId").GetGuid();
        Assert.Equal($"/onss/intake-jobs/{job}", response.Headers.Location?.OriginalString);
        var summary = lines[^1];
        Assert.Equal("summary", summary.GetProperty("type").GetString());
        var results = lines[1..^1];
        Assert.All(results, r => Assert.Equal("line", r.GetProperty("type").GetString()));
        return (results, job, summary);
    }
}
