using System.Net;
using System.Text.Json;
using P4Orleans.Api.Problems;

namespace P4Orleans.Api.Tests.Problems;

/// <summary>
/// A refusal has its problem body whatever the client says it accepts: a client asking only for a page or an image
/// gets the same 400, 414 or 429 problem as a script, never a 500 for want of a writer of its media type.
/// </summary>
public sealed class ProblemForAnyClientTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new()
    {
        ConfigureHost = b => b.UseSetting("RateLimits:Other:PermitLimit", "2").UseSetting("RateLimits:Other:Window", "01:00:00"),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _api.InitializeAsync();

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/png")]
    [InlineData("text/plain;q=0.5, text/html")]
    [InlineData("application/xml")]
    public async Task a_nul_an_address_too_long_and_a_rate_limit_are_problems_for_a_client_that_accepts_no_json(string accept)
    {
        var client = _api.CreateClient();

        var nul = await SendAsync(client, "/health/live?q=%00", accept);
        await AssertProblemAsync(nul, HttpStatusCode.BadRequest);

        var tooLong = await SendAsync(client, "/health/live?q=" + new string('a', RequestGuard.MaxTargetLength), accept);
        await AssertProblemAsync(tooLong, HttpStatusCode.RequestUriTooLong);

        // The audience "Other" (no route prefix of its own) allows 2 requests an hour to this anonymous caller.
        var path = "/no-such-page-" + accept.GetHashCode(StringComparison.Ordinal);
        HttpResponseMessage limited;
        var sent = 0;
        do
        {
            limited = await SendAsync(client, path, accept);
            sent++;
        }
        while (limited.StatusCode != HttpStatusCode.TooManyRequests && sent < 10);
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request, Ct);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.TryGetProperty("requestId", out _));
    }
}
