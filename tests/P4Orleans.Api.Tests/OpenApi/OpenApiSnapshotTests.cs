using System.Text.Json.Nodes;
using P4Orleans.Api.Hosting;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests.OpenApi;

/// <summary>
/// The OpenAPI document served by the gateway is the one versioned in <c>docs/openapi.json</c>: an endpoint changed
/// without regenerating the file fails here. With <c>P4_UPDATE_OPENAPI=1</c> the test writes the served document
/// to the file instead (the regeneration command, README).
/// </summary>
public sealed class OpenApiSnapshotTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>The command that rewrites <c>docs/openapi.json</c> from the gateway's endpoints.</summary>
    public const string Regenerate = "P4_UPDATE_OPENAPI=1 dotnet test tests/P4Orleans.Api.Tests --filter FullyQualifiedName~OpenApiSnapshotTests";

    [Fact]
    public async Task the_served_document_is_the_one_versioned_in_docs_openapi_json()
    {
        var client = api.ClientFor(await api.UserAsync(Roles.Operator));
        var served = (await client.GetStringAsync(OpenApiReference.DocumentPath, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n").TrimEnd() + "\n";
        var file = VersionedFile();
        if (Environment.GetEnvironmentVariable("P4_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(file, served, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(file), $"{file} is missing. Regenerate it with:\n  {Regenerate}");
        var versioned = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        var differences = JsonDifferences.Of(versioned, JsonNode.Parse(served), "$").Take(20).ToList();
        Assert.True(differences.Count == 0,
            $"The served OpenAPI document differs from docs/openapi.json (first differences below). If the endpoints changed on purpose, regenerate it and commit it:\n  {Regenerate}\n"
            + string.Join("\n", differences));
    }

    [Fact]
    public void the_difference_walk_names_the_path_of_a_changed_added_or_removed_member()
    {
        var before = JsonNode.Parse("""{"paths":{"/a":{"get":{"summary":"x"}},"/b":{}},"tags":["t"]}""");
        var after = JsonNode.Parse("""{"paths":{"/a":{"get":{"summary":"y"}},"/c":{}},"tags":["t","u"]}""");

        var differences = JsonDifferences.Of(before, after, "$").ToList();

        Assert.Contains(differences, d => d.StartsWith("$.paths./a.get.summary:", StringComparison.Ordinal));
        Assert.Contains("$.paths./b: removed", differences);
        Assert.Contains("$.paths./c: added", differences);
        Assert.Contains(differences, d => d.StartsWith("$.tags:", StringComparison.Ordinal));
        Assert.Empty(JsonDifferences.Of(before, before!.DeepClone(), "$"));
    }

    private static string VersionedFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "P4Orleans.sln")))
            {
                return Path.Combine(dir.FullName, "docs", "openapi.json");
            }
        }

        throw new InvalidOperationException("The repository root (P4Orleans.sln) is not above the test's folder.");
    }
}

/// <summary>The JSON paths where two documents differ: a changed value, a member added or removed, a list changed.</summary>
internal static class JsonDifferences
{
    public static IEnumerable<string> Of(JsonNode? expected, JsonNode? actual, string path)
    {
        if (expected is JsonObject e && actual is JsonObject a)
        {
            foreach (var (name, value) in e)
            {
                if (!a.ContainsKey(name))
                {
                    yield return $"{path}.{name}: removed";
                    continue;
                }

                foreach (var d in Of(value, a[name], $"{path}.{name}"))
                {
                    yield return d;
                }
            }

            foreach (var (name, _) in a.Where(p => !e.ContainsKey(p.Key)))
            {
                yield return $"{path}.{name}: added";
            }
        }
        else if (!JsonNode.DeepEquals(expected, actual))
        {
            yield return $"{path}: {Short(expected)} -> {Short(actual)}";
        }
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
