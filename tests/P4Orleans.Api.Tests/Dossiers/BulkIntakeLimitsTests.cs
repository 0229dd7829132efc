using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Contracts;
using P4Orleans.Law;
using P4Orleans.Recovery.Intake;
using P4Orleans.Recovery.Vault;
using static P4Orleans.Api.Tests.Dossiers.BulkIntake;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>Bulk intake under bad lines, the line and job limits, and its lines read back.</summary>
public sealed class BulkIntakeLimitsTests : IAsyncLifetime
{
    private readonly Scenario _s = new(new Dictionary<string, string?>
    {
        ["Intake:MaxLines"] = "20",
        ["Intake:MaxLineBytes"] = "16384",
    });

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private static string Line(TitleSubmission title) => JsonSerializer.Serialize(title, Json);

    private static string Valid(int i) => Line(Contrainte($"ONSS-LIMITS-{i:D3}", Debtor.Default with { Niss = Niss(i) }));

    [Fact]
    public async Task a_bad_line_of_any_kind_is_rejected_alone_and_every_other_line_is_taken_in()
    {
        var onss = await _s.OnssAsync();
        var amountsOfNull = JsonNode.Parse(Valid(9))!.AsObject();
        amountsOfNull["reference"] = "ONSS-LIMITS-NULLAMOUNT";
        amountsOfNull["amounts"] = new JsonArray((JsonNode?)null);
        var lines = new List<byte[]>
        {
            Bytes(Valid(1)),                                                                                                        // 1
            Bytes(Line(Contrainte("ONSS-LIMITS-NUL") with { SignatoryQuality = "administrateur\0général" })),                        // 2: NUL in a text
            Bytes(Line(Contrainte("ONSS-LIMITS-OVERFLOW") with
            {
                Amounts = [new ClaimAmount(DebtComponent.Contributions, long.MaxValue), new ClaimAmount(DebtComponent.LateInterest, long.MaxValue)],
            })),                                                                                                                     // 3: the sum overflows
            Bytes("{\"reference\":\"ONSS-LIMITS-RAWNUL\"\0}"),                                                                                      // 4: a raw NUL byte
            Bytes("{\"reference\":\"ONSS-").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Bytes("\"}")).ToArray(),                                                 // 5: not UTF-8
            Bytes("null"),                                                                                                           // 6
            Bytes("[1,2,3]"),                                                                                                        // 7
            Bytes("{\"reference\":\"ONSS-\\u0000-NUL-REF\"}"),                                                                         // 8: a NUL in the reference
            Bytes(amountsOfNull.ToJsonString()),                                                                                    // 9: a list of null
            Bytes(new string('[', 500) + new string(']', 500)),                                                                      // 10: too deep
            Bytes(Line(Contrainte("ONSS-LIMITS-LONG") with { SignatoryQuality = new string('x', 20_000) })),                         // 11: over the line limit
            Bytes(Valid(12)),                                                                                                       // 12
            Bytes("{\"reference\": \"ONSS-LIMITS-CUT\", \"titleKind\": "),                                                           // 13: cut JSON
            Bytes("   "),                                                                                                           // (blank: no result)
            Bytes(Valid(14)),                                                                                                       // 15
        };
        var body = lines.SelectMany(l => l.Append((byte)'\n')).ToArray();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-ndjson");

        var (results, job, summary) = await PostAsync(onss, content);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15], results.Select(r => r.GetProperty("line").GetInt32()));
        var accepted = results.Where(r => Outcome(r) == "accepted").Select(r => r.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([1, 12, 15], accepted);
        Assert.All(results.Where(r => !accepted.Contains(r.GetProperty("line").GetInt32())), r =>
        {
            Assert.Equal("rejected", Outcome(r));
            Assert.NotEqual(0, r.GetProperty("errors").GetArrayLength());
        });
        Assert.Contains("longer than", Errors(results[10]), StringComparison.Ordinal);
        Assert.DoesNotContain('\0', results[7].GetProperty("reference").GetString() ?? "");
        Assert.Equal("summary", summary.GetProperty("type").GetString());
        var totals = summary.GetProperty("job");
        Assert.Equal((IntakeJobStatus.Finished, 3, 11), (totals.GetProperty("status").GetString(), totals.GetProperty("accepted").GetInt32(),
            totals.GetProperty("rejected").GetInt32()));
        Assert.Equal(DossierStatus.AwaitingDispatch, (await ViewAsync(onss, $"/onss/dossiers/{DossierIds.FromReference("ONSS-LIMITS-012")}")).Status);

        // Read back page by page: the same results, in order, and the reading is audited.
        var read = new List<IntakeLineResult>();
        int? after = 0;
        while (after is { } from)
        {
            var page = await onss.GetFromJsonAsync<IntakeLinePage>($"/onss/intake-jobs/{job}/lines?after={from}&limit=4", Json, Ct);
            Assert.True(page!.Items.Count <= 4);
            read.AddRange(page.Items);
            after = page.Next;
        }
        Assert.Equal(results.Select(r => (r.GetProperty("line").GetInt32(), Outcome(r))), read.Select(r => (r.Line, IntakeService.OutcomeName(r.Outcome))));
        var rejected = await onss.GetFromJsonAsync<IntakeLinePage>($"/onss/intake-jobs/{job}/lines?outcome=Rejected&limit=1000", Json, Ct);
        Assert.Equal(11, rejected!.Items.Count);
        Assert.Null(rejected.Next);
        var auditor = await _s.AuditorAsync();
        var audit = await auditor.GetStringAsync("/security/audit?action=intake-job.read-lines&limit=1000", Ct);
        Assert.Contains($"intake-job/{job}", audit, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await onss.GetAsync($"/onss/intake-jobs/{Guid.NewGuid()}/lines", Ct)).StatusCode);
    }

    [Fact]
    public async Task lines_beyond_the_job_limit_are_rejected_with_the_limit_and_the_first_ones_are_taken_in()
    {
        var onss = await _s.OnssAsync();
        var file = string.Join('\n', Enumerable.Range(1, 26).Select(i => i % 5 == 0 ? "" : Valid(i))) + "\n";

        var (results, job, summary) = await PostAsync(onss, Ndjson(file));

        // Lines are the non-blank ones: 20 titles taken in (lines 1 to 24 less the blank ones), the rest refused unread.
        var taken = results.TakeWhile(r => Outcome(r) == "accepted").ToList();
        Assert.Equal(20, taken.Count);
        var refused = results.Skip(20).ToList();
        Assert.Equal([26], refused.Select(r => r.GetProperty("line").GetInt32()));
        Assert.All(refused, r => Assert.Contains("at most 20 titles", Errors(r), StringComparison.Ordinal));
        Assert.Equal((20, 1, 26), (summary.GetProperty("job").GetProperty("accepted").GetInt32(), summary.GetProperty("job").GetProperty("rejected").GetInt32(),
            summary.GetProperty("job").GetProperty("linesRead").GetInt32()));
        Assert.Equal(21, (await onss.GetFromJsonAsync<IntakeLinePage>($"/onss/intake-jobs/{job}/lines?limit=1000", Json, Ct))!.Items.Count);
    }

    [Fact]
    public async Task bulk_intake_leaves_no_unwrapped_key_in_the_vault_cache()
    {
        var onss = await _s.OnssAsync();
        var vault = _s.Api.Services.GetRequiredService<PersonalDataVault>();
        var before = vault.CachedKeyCount;

        var (results, _, _) = await PostAsync(onss, Ndjson(string.Join('\n', Enumerable.Range(100, 15).Select(Valid))));

        Assert.All(results, r => Assert.Equal("accepted", Outcome(r)));
        Assert.Equal(before, vault.CachedKeyCount);
        // The keys were stored: each dossier still opens its personal data.
        var view = await ViewAsync(onss, $"/onss/dossiers/{DossierIds.FromReference("ONSS-LIMITS-105")}");
        Assert.Equal(Niss(105), view.Debtor!.Identifier);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
