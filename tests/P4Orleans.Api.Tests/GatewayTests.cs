using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests;

public sealed class GatewayTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task health_probes_answer_without_a_token_and_ready_means_migrated()
    {
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
        var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task every_endpoint_but_the_health_probes_requires_authentication()
    {
        var client = api.CreateClient();
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            var path = "/" + string.Join('/', pattern.Trim('/').Split('/').Select(s => s.StartsWith('{') ? Guid.NewGuid().ToString() : s));
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method is "POST" or "PUT" ? JsonContent.Create(new { }) : null,
            }, TestContext.Current.CancellationToken);
            // Signing in and out is open by nature (the development page is a 404 outside Development); so is the console's
            // language choice (a cookie of fr or nl, before sign-in too).
            var open = pattern.StartsWith("/health/", StringComparison.Ordinal) || pattern is "/console/sign-in" or "/console/sign-out" or "/console/language";
            if (open)
            {
                Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern} answered {(int)response.StatusCode} without a token");
            }
        }
    }

    [Fact]
    public async Task errors_are_problem_details_without_stack_traces()
    {
        var registrar = api.ClientFor(await api.UserAsync(Roles.UserRegistrar));
        var response = await registrar.PostAsync("/admin/users", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.Contains("\"status\":400", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_openapi_document_is_served_to_an_authenticated_user()
    {
        var client = api.ClientFor(await api.UserAsync(Roles.Operator));
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.True(doc.GetProperty("paths").TryGetProperty("/admin/users", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task ops_see_the_silos_of_the_cluster_from_orleans_membership()
    {
        var ops = api.ClientFor(await api.UserAsync(Roles.Ops));
        var nodes = await ops.GetFromJsonAsync<JsonElement>("/ops/nodes", TestContext.Current.CancellationToken);
        var silo = Assert.Single(nodes.EnumerateArray(), n => n.GetProperty("status").GetString() == "Active");
        Assert.StartsWith("127.0.0.1:", silo.GetProperty("silo").GetString(), StringComparison.Ordinal);
        Assert.True(silo.GetProperty("gatewayPort").GetInt32() > 0);
        var bailiff = api.ClientFor(await api.UserAsync(Roles.Bailiff, Users.OrganisationKind.BailiffOffice, "office-1"));
        Assert.Equal(HttpStatusCode.Forbidden, (await bailiff.GetAsync("/ops/nodes", TestContext.Current.CancellationToken)).StatusCode);
    }
}
