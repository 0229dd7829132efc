using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Hosting;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests.OpenApi;

/// <summary>Walks every operation of the served document: who may call it, an example for its body, its problems.</summary>
public sealed class OpenApiDocumentWalkTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    internal sealed record Operation(string Path, string Method, JsonElement Body)
    {
        public string Id => Body.GetProperty("operationId").GetString()!;

        public IReadOnlyList<string> Roles => Body.TryGetProperty(OpenApiRoles.Extension, out var r) ? [.. r.EnumerateArray().Select(x => x.GetString()!)] : [];

        public bool HasRoles => Body.TryGetProperty(OpenApiRoles.Extension, out var r) && r.ValueKind == JsonValueKind.Array;

        public bool Anonymous => HasRoles && Roles.Count == 0;

        public bool Responds(string status) => Body.GetProperty("responses").TryGetProperty(status, out _);

        public JsonElement? JsonBody =>
            Body.TryGetProperty("requestBody", out var b) && b.GetProperty("content").TryGetProperty("application/json", out var json) ? json : null;

        /// <summary>The body's examples by media type.</summary>
        public IReadOnlyList<(string MediaType, JsonElement Example)> Examples =>
            Body.TryGetProperty("requestBody", out var b)
                ? [.. b.GetProperty("content").EnumerateObject().Where(c => c.Value.TryGetProperty("example", out _)).Select(c => (c.Name, c.Value.GetProperty("example")))]
                : [];

        public override string ToString() => $"{Method.ToUpperInvariant()} {Path} ({Id})";
    }

    internal static List<Operation> Operations(JsonElement document) =>
        [.. document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => new Operation(p.Name, o.Name, o.Value)))];

    private async Task<List<Operation>> ServedAsync()
    {
        var client = api.ClientFor(await api.UserAsync(Roles.Operator));
        var document = await client.GetFromJsonAsync<JsonElement>(OpenApiReference.DocumentPath, TestContext.Current.CancellationToken);
        var operations = Operations(document);
        Assert.True(operations.Count >= 40, $"only {operations.Count} operations");
        return operations;
    }

    [Fact]
    public async Task every_operation_names_its_roles_in_x_roles_and_in_its_description()
    {
        foreach (var op in await ServedAsync())
        {
            Assert.True(op.HasRoles, $"{op} has no {OpenApiRoles.Extension}");
            var description = op.Body.GetProperty("description").GetString()!;
            var expected = op.Anonymous ? "Anonymous."
                : op.Roles is [OpenApiRoles.AnyUser] ? "Any registered, active user."
                : "Roles: " + string.Join(", ", op.Roles) + ".";
            Assert.True(description.EndsWith(expected, StringComparison.Ordinal), $"{op}: description '{description}' does not end with '{expected}'");
            Assert.All(op.Roles.Where(r => r != OpenApiRoles.AnyUser), r => Assert.Contains(r, Roles.All));
        }
    }

    [Fact]
    public async Task the_roles_of_an_operation_come_from_its_authorization_policy()
    {
        var operations = await ServedAsync();

        Assert.Equal([Roles.Operator], operations.Single(o => o.Id == "SetBailiffCapacity").Roles);
        Assert.Equal([Roles.OnssAgent], operations.Single(o => o.Id == "SubmitTitle").Roles);
        Assert.Equal([Roles.UserRegistrar, Roles.SecurityCoordinator], operations.Single(o => o.Id == "RegisterUser").Roles);
        Assert.Equal([Roles.SecurityCoordinator, Roles.DataProtectionManager], operations.Single(o => o.Id == "ReadAuditLog").Roles);
        Assert.Equal([Roles.Ops, Roles.Operator], operations.Single(o => o.Id == "ListNodes").Roles);
        Assert.Equal([OpenApiRoles.AnyUser], operations.Single(o => o.Id == "Me").Roles);
        Assert.True(operations.Single(o => o.Id == "Live").Anonymous);
    }

    [Fact]
    public async Task every_operation_taking_a_json_body_has_an_example_of_it()
    {
        var bodies = (await ServedAsync()).Where(o => o.JsonBody is not null).ToList();

        Assert.True(bodies.Count >= 20, $"only {bodies.Count} operations take a JSON body");
        Assert.All(bodies, op => Assert.True(op.JsonBody!.Value.TryGetProperty("example", out var example) && example.ValueKind == JsonValueKind.Object,
            $"{op} has no example of its body: add one to OpenApiExamples"));
    }

    [Fact]
    public async Task a_bulk_file_example_is_ndjson_of_titles_with_one_title_a_line()
    {
        var bulk = (await ServedAsync()).Single(o => o.Id == "SubmitTitlesInBulk");

        var (mediaType, example) = Assert.Single(bulk.Examples);
        Assert.Equal("application/x-ndjson", mediaType);
        var lines = example.GetString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("ONSS-", JsonDocument.Parse(l).RootElement.GetProperty("reference").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task every_operation_not_anonymous_lists_401_and_403_and_requires_the_bearer_token()
    {
        foreach (var op in await ServedAsync())
        {
            var security = op.Body.GetProperty("security");
            if (op.Anonymous)
            {
                Assert.Equal(0, security.GetArrayLength());
                Assert.False(op.Responds("401") || op.Responds("403"), $"{op} is anonymous but lists 401/403");
                continue;
            }

            Assert.True(op.Responds("401") && op.Responds("403"), $"{op} lacks 401/403");
            Assert.True(security.EnumerateArray().Any(s => s.TryGetProperty(OpenApiRoles.BearerScheme, out _)), $"{op} does not require the bearer token");
        }
    }

    [Fact]
    public async Task every_problem_response_is_a_problem_document_and_each_operation_lists_the_database_outage()
    {
        foreach (var op in await ServedAsync())
        {
            Assert.True(op.Responds("503"), $"{op} lacks 503");
            if (op.Path.Contains('{', StringComparison.Ordinal))
            {
                Assert.True(op.Responds("404"), $"{op} lacks 404");
            }

            foreach (var response in op.Body.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')))
            {
                Assert.True(response.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _),
                    $"{op} {response.Name} is not a problem document");
            }
        }
    }

    [Fact]
    public async Task the_document_names_no_server_so_that_it_is_the_same_wherever_it_is_served()
    {
        var client = api.ClientFor(await api.UserAsync(Roles.Operator));
        var document = await client.GetFromJsonAsync<JsonElement>(OpenApiReference.DocumentPath, TestContext.Current.CancellationToken);

        Assert.False(document.TryGetProperty("servers", out var servers) && servers.GetArrayLength() > 0, $"servers: {servers}");
        Assert.DoesNotContain("localhost", document.GetRawText(), StringComparison.Ordinal);
    }
}
