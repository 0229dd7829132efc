using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Hosting;

namespace P4Orleans.Api.Tests.OpenApi;

/// <summary>
/// The 429 of an operation comes from the limiter's own metadata, whatever the endpoints other branches limit: a named
/// policy on the endpoint, or the global limiter unless the endpoint opts out. A small ASP.NET host with the platform's
/// OpenAPI transformers, over the real pipeline (TestServer).
/// </summary>
public sealed class OpenApiRateLimitTests
{
    [Fact]
    public async Task an_endpoint_with_a_limiter_policy_lists_429_and_one_without_does_not()
    {
        var responses = await ResponsesAsync(global: false);

        Assert.Contains("429", responses["LimitedOperation"]);
        Assert.DoesNotContain("429", responses["FreeOperation"]);
        Assert.DoesNotContain("429", responses["OptedOutOperation"]);
    }

    [Fact]
    public async Task under_a_global_limiter_every_operation_lists_429_but_the_one_that_opts_out()
    {
        var responses = await ResponsesAsync(global: true);

        Assert.Contains("429", responses["LimitedOperation"]);
        Assert.Contains("429", responses["FreeOperation"]);
        Assert.DoesNotContain("429", responses["OptedOutOperation"]);
        Assert.All(responses.Values, r => Assert.Contains("503", r));
    }

    private static async Task<Dictionary<string, List<string>>> ResponsesAsync(bool global)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthorization();
        builder.Services.AddRateLimiter(o =>
        {
            o.AddFixedWindowLimiter("per-caller", w => (w.PermitLimit, w.Window) = (10, TimeSpan.FromMinutes(1)));
            if (global)
            {
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetNoLimiter("all"));
            }
        });
        builder.Services.AddOpenApi(o => o.AddProblemResponses());
        await using var app = builder.Build();
        app.UseRateLimiter();
        app.MapGet("/limited", () => "limited").WithName("LimitedOperation").RequireRateLimiting("per-caller").AllowAnonymous();
        app.MapGet("/free", () => "free").WithName("FreeOperation").AllowAnonymous();
        app.MapGet("/opted-out", () => "opted out").WithName("OptedOutOperation").DisableRateLimiting().AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        await app.StartAsync(TestContext.Current.CancellationToken);

        var document = await app.GetTestClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        return OpenApiDocumentWalkTests.Operations(document)
            .ToDictionary(o => o.Id, o => o.Body.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList());
    }
}
