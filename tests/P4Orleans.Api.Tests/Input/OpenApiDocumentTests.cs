using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests.Input;

public sealed class OpenApiDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task every_operation_documents_its_roles_and_the_problem_statuses_it_can_answer()
    {
        var client = api.ClientFor(await api.UserAsync(Roles.Operator));
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value))).ToList();
        Assert.True(operations.Count >= 40);
        foreach (var (path, method, operation) in operations)
        {
            var responses = operation.GetProperty("responses");
            var description = operation.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
            var anonymous = path.StartsWith("/health", StringComparison.Ordinal) || path == "/dev/token";
            Assert.True(anonymous || description.Contains("Roles: ", StringComparison.Ordinal) || description.Contains("Any registered", StringComparison.Ordinal),
                $"{method} {path} does not say who may call it: {description}");
            Assert.True(responses.TryGetProperty("503", out _), $"{method} {path} lacks 503");
            if (!anonymous)
            {
                Assert.True(responses.TryGetProperty("401", out _) && responses.TryGetProperty("403", out _), $"{method} {path} lacks 401/403");
            }

            if (path.Contains('{', StringComparison.Ordinal))
            {
                Assert.True(responses.TryGetProperty("404", out _), $"{method} {path} lacks 404");
            }

            if (operation.TryGetProperty("requestBody", out _))
            {
                foreach (var status in new[] { "400", "413", "415" })
                {
                    Assert.True(responses.TryGetProperty(status, out var problem), $"{method} {path} lacks {status}");
                    Assert.True(problem.GetProperty("content").TryGetProperty("application/problem+json", out _));
                }
            }
        }

        var capacity = operations.Single(o => o.Path == "/operators/bailiffs/{officeId}/capacity").Operation;
        Assert.Contains("Roles: Operator", capacity.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(capacity.GetProperty("responses").TryGetProperty("409", out _));
        Assert.Contains("\"maxLength\":200", document.GetRawText().Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
