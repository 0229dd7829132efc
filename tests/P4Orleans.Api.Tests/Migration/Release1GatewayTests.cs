using System.Text.Json.Nodes;
using P4Orleans.Api.Tests.Dossiers;

namespace P4Orleans.Api.Tests.Migration;

/// <summary>
/// The gateway of this release started on release 1's migrated database, with the clock where release 1's stood
/// and release 1's key ring: every answer release 1 gave (each dossier to Operators, ONSS and its office, each
/// office to Operators) comes back the same. It needs the platform on Orleans (this release's grains reading
/// orleans_grain_state): on the home-made host, which reads the tables 0008 drops, it cannot pass. The offices'
/// performance comes back the same once the office statistics add each office's <c>release-1-performance</c>
/// journal entry to what they count.
/// </summary>
public sealed class Release1GatewayTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "p4o-r1-" + Guid.NewGuid().ToString("N")[..8]);
    private Scenario _s = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var cs = await Release1Fixture.RestoreAsync("r1http", Ct);
        await Release1Fixture.MigrateAsync(cs, Ct);
        Directory.CreateDirectory(_folder);
        var keys = Path.Combine(_folder, "keys.json");
        File.Copy(Release1Fixture.KeyFile, keys);
        _s = new Scenario(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = cs, ["Keys:File"] = keys });
        _s.Clock.SetUtcNow(Release1Fixture.MadeAt);
        await _s.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _s.DisposeAsync();
        TestUsers.DeleteFolder(_folder);
    }

    [Fact]
    public async Task the_gateway_on_the_migrated_database_gives_every_answer_release_1_gave()
    {
        var users = Release1Fixture.Manifest["users"]!.AsObject();
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        var answers = Release1Fixture.Answers();
        var differences = new List<string>();
        var compared = 0;
        foreach (var group in new[] { "dossiers", "offices" })
        {
            foreach (var (_, requests) in answers[group]!.AsObject())
            {
                foreach (var (path, answer) in requests!.AsObject())
                {
                    var caller = (string)answer!["caller"]!;
                    if (!clients.TryGetValue(caller, out var client))
                    {
                        client = _s.Api.CreateClient().WithTokenFor(_s.Api.Services, Guid.Parse((string)users[caller]!));
                        clients[caller] = client;
                    }
                    var response = await client.GetAsync(path, Ct);
                    var text = await response.Content.ReadAsStringAsync(Ct);
                    var body = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true ? JsonNode.Parse(text) : null;
                    body = WithoutLaterAdditions(body, answer["body"]);
                    if ((int)response.StatusCode != (int)answer["status"]! || !JsonNode.DeepEquals(answer["body"], body))
                    {
                        differences.Add($"{caller} GET {path}: {(int)response.StatusCode} {text}");
                    }
                    compared++;
                }
            }
        }
        // 27 dossiers to Operators and ONSS, 21 of them to their office, 3 offices.
        Assert.Equal(78, compared);
        Assert.True(differences.Count == 0, $"{differences.Count} of {compared} answers differ:\n" + string.Join('\n', differences.Take(10)));
    }

    // What releases after release 1 added to the same answers, by name: nothing else may differ. Disputes add the
    // views' "disputes" and two commands a dossier may allow.
    private static readonly HashSet<string> LaterProperties = new(StringComparer.Ordinal) { "disputes" };
    private static readonly HashSet<string> LaterCommands = new(StringComparer.Ordinal) { "RaiseDispute", "DecideDispute" };

    private static JsonNode? WithoutLaterAdditions(JsonNode? body, JsonNode? release1)
    {
        switch (body)
        {
            case JsonObject o when release1 is JsonObject before:
                foreach (var name in o.Select(p => p.Key).ToList())
                {
                    if (!before.ContainsKey(name) && LaterProperties.Contains(name))
                    {
                        o.Remove(name);
                    }
                    else if (before.TryGetPropertyValue(name, out var was))
                    {
                        var now = o[name];
                        o[name] = name == "allowedCommands" && now is JsonArray commands
                            ? new JsonArray(commands.Where(c => !LaterCommands.Contains((string)c!)).Select(c => c!.DeepClone()).ToArray())
                            : WithoutLaterAdditions(now?.DeepClone(), was);
                    }
                }
                return o;
            case JsonArray a when release1 is JsonArray before && a.Count == before.Count:
                return new JsonArray(a.Select((item, i) => WithoutLaterAdditions(item?.DeepClone(), before[i])).ToArray());
            default:
                return body;
        }
    }
}
