using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Input;

/// <summary>
/// Walks every operation of the OpenAPI document, mutates each field of a valid body and each query and route
/// parameter once per kind (NUL, huge, negative, overflow, wrong type, null, empty list, list of nulls), and checks
/// that no answer is a 5xx and that a refused request leaves the database as it was (the audit log aside: refusals
/// are audited).
/// </summary>
public sealed partial class OpenApiFuzzTests : IAsyncLifetime
{
    private readonly Scenario _s = new();
    private readonly Dictionary<string, HttpClient> _clients = [];
    private string _dossierId = "";
    private Guid _userId;
    private int _titles;

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private static readonly (string Kind, JsonNode? Value)[] Mutations =
    [
        ("nul", JsonValue.Create("a\0b")),
        ("huge", JsonValue.Create(new string('x', 1024 * 1024))),
        ("negative", JsonValue.Create(-1)),
        ("overflow", JsonNode.Parse("99999999999999999999999")),
        ("wrong-type", new JsonObject { ["unexpected"] = true }),
        ("null", null),
        ("empty-list", new JsonArray()),
        ("list-of-nulls", new JsonArray(null, null)),
        ("instant-with-offset", JsonValue.Create("2026-03-01T10:00:00+01:00")),
    ];

    // Instants with an offset other than UTC (PostgreSQL's driver writes only UTC ones) and at the ends of the calendar.
    private static readonly string[] QueryMutations = ["a%00b", new string('9', 5000), "-1", "99999999999999999999999", "not-a-value", "", "0001-01-01", "7",
        "2026-01-01T00:00:00%2B01:00", "2026-07-01T12:00:00-05:30", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00%2B14:00"];

    // A path segment of blanks only matches a route (an empty one does not): an id that names nothing.
    private static readonly string[] BlankRouteValues = ["%20", "%20%09%20"];

    [Fact]
    public async Task every_operation_answers_bad_input_with_a_4xx_and_writes_nothing()
    {
        await PrepareAsync();
        var document = await _clients[Roles.Operator].GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var operations = 0;
        var requests = 0;
        var failures = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                var id = operation.Value.GetProperty("operationId").GetString()!;
                Assert.True(Samples.TryGetValue(id, out var sample), $"operation {id} has no sample in the fuzz table: add one");
                operations++;
                foreach (var request in Requests(path.Name, new HttpMethod(method), operation.Value, sample))
                {
                    requests++;
                    var failure = await SendAsync(sample.Role, request);
                    if (failure is not null)
                    {
                        failures.Add($"{id} {request.Label}: {failure}");
                    }
                }
            }
        }

        Assert.True(operations >= 40, $"only {operations} operations found");
        Assert.True(requests >= 500, $"only {requests} requests sent");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    private sealed record FuzzRequest(string Label, HttpMethod Method, string Path, string? Body);

    private IEnumerable<FuzzRequest> Requests(string template, HttpMethod method, JsonElement operation, Sample sample)
    {
        var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
        var route = parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList();
        var query = parameters.Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList();
        var values = new Dictionary<string, string>(sample.Query);
        string Path(Dictionary<string, string> routeValues, Dictionary<string, string> queryValues)
        {
            var path = route.Aggregate(template, (t, r) => t.Replace("{" + r + "}", routeValues.TryGetValue(r, out var v) ? v : RouteValue(r), StringComparison.Ordinal));
            var q = string.Join('&', queryValues.Select(kv => $"{kv.Key}={kv.Value}"));
            return q.Length == 0 ? path : $"{path}?{q}";
        }

        var body = sample.Body?.Invoke(this);
        foreach (var name in route)
        {
            // %00 in a path is refused by the server's URL decoder itself, before any application code.
            foreach (var value in QueryMutations.Where(v => v.Length > 0 && !v.Contains("%00", StringComparison.Ordinal)).Concat(BlankRouteValues))
            {
                yield return new($"route {name}={Short(value)}", method, Path(new() { [name] = value }, values), body?.ToJsonString());
            }
        }

        foreach (var name in query)
        {
            foreach (var value in QueryMutations)
            {
                yield return new($"query {name}={Short(value)}", method, Path([], new(values) { [name] = value }), body?.ToJsonString());
            }
        }

        if (body is null)
        {
            yield break;
        }

        foreach (var field in Fields(body, ""))
        {
            foreach (var (kind, value) in Mutations)
            {
                var copy = body.DeepClone();
                Replace(copy, field, value?.DeepClone());

                // Each mutated title under its own reference, so that every mutation meets a dossier never seen
                // (refusals in a row under one reference: ResubmissionAfterRefusalTests).
                if (ReferenceEquals(sample, Samples["SubmitTitle"]) && !field.StartsWith("reference", StringComparison.Ordinal))
                {
                    copy["reference"] = $"ONSS-FZ-{_titles++}";
                }

                yield return new($"body {field} {kind}", method, Path([], values), copy.ToJsonString());
            }
        }
    }

    private static string Short(string value) => value.Length > 20 ? $"{value[..10]}…({value.Length})" : value;

    private string RouteValue(string name) => name switch
    {
        "dossierId" => _dossierId,
        "id" => _userId.ToString(),
        "documentId" => Guid.NewGuid().ToString(),
        "period" => "2026-02",
        "year" => "2026",
        _ => "office-fuzz",
    };

    // Every node of the body, objects and lists included: each is replaced in turn.
    private static IEnumerable<string> Fields(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    var at = path.Length == 0 ? key : $"{path}.{key}";
                    yield return at;
                    if (child is not null)
                    {
                        foreach (var f in Fields(child, at))
                        {
                            yield return f;
                        }
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var at = $"{path}[{i}]";
                    yield return at;
                    if (a[i] is { } item)
                    {
                        foreach (var f in Fields(item, at))
                        {
                            yield return f;
                        }
                    }
                }

                break;
        }
    }

    private static void Replace(JsonNode root, string field, JsonNode? value)
    {
        var parts = FieldParts().Matches(field).Select(m => m.Value).ToList();
        var node = root;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            node = parts[i].StartsWith('[') ? node[int.Parse(parts[i][1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node[parts[i]]!;
        }

        var last = parts[^1];
        if (last.StartsWith('['))
        {
            node[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node[last] = value;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[^.\[\]]+|\[\d+\]")]
    private static partial System.Text.RegularExpressions.Regex FieldParts();

    private async Task<string?> SendAsync(string role, FuzzRequest request)
    {
        var before = await FingerprintAsync();
        using var message = new HttpRequestMessage(request.Method, request.Path)
        {
            Content = request.Body is null ? null : new StringContent(request.Body, Encoding.UTF8, "application/json"),
        };
        var response = await _clients[role].SendAsync(message, Ct);
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"answered {status}: {await response.Content.ReadAsStringAsync(Ct)}";
        }

        if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"answered {status} without a problem body";
            }

            var after = await FingerprintAsync();
            if (after != before)
            {
                return $"answered {status} but wrote to the database";
            }
        }

        return null;
    }

    // One hash per table of every row (the audit log, and Orleans' membership, whose silos write their I-am-alive
    // times on their own clock, aside): any insert, update or delete shows.
    private async Task<string> FingerprintAsync()
    {
        await using var db = new NpgsqlConnection(_s.Api.ConnectionString);
        await db.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' " +
            "AND table_name NOT IN ('audit_log', 'audit_head', 'orleans_membership', 'orleans_membership_version') ORDER BY 1", db))
        await using (var r = await list.ExecuteReaderAsync(Ct))
        {
            while (await r.ReadAsync(Ct))
            {
                tables.Add(r.GetString(0));
            }
        }

        // Table names come from the catalogue and are quoted.
        var sql = string.Join(" || ", tables.Select(t => $"(SELECT coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '-') FROM public.\"{t}\" x)"));
        await using var cmd = new NpgsqlCommand($"SELECT {sql}", db);
        return (string)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private async Task PrepareAsync()
    {
        _clients[Roles.OnssAgent] = await _s.OnssAsync();
        _clients[Roles.Operator] = await _s.OperatorAsync();
        _clients[Roles.Bailiff] = await _s.BailiffAsync("office-fuzz");
        _clients[Roles.ChamberFeed] = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.ChamberFeed, OrganisationKind.Chamber, "chamber"));
        _clients[Roles.UserRegistrar] = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.UserRegistrar));
        _clients[Roles.SecurityCoordinator] = await _s.AuditorAsync();
        _clients[Roles.Ops] = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Ops));
        _clients[""] = _s.Api.CreateClient();
        _userId = (await _s.Api.UserAsync(Roles.Operator)).Id;
        await _s.RegisterOfficeAsync(_clients[Roles.Operator], "office-fuzz");
        (_dossierId, _) = await _s.SubmitAndDispatchAsync(_clients[Roles.OnssAgent], _clients[Roles.Operator], Contrainte("ONSS-FUZZ-1"));
        Assert.Equal(HttpStatusCode.OK, (await _clients[Roles.Bailiff].PostAsync($"/bailiff/dossiers/{_dossierId}/acceptance", null, Ct)).StatusCode);
    }
}
