using System.Text.Json;
using P4Orleans.Api.Problems;

namespace P4Orleans.Api.Tests.Socket;

/// <summary>The gateway on a real loopback Kestrel port, started once for the class.</summary>
public sealed class KestrelGateway : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();

    /// <summary>The address Kestrel listens on.</summary>
    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _factory.InitializeAsync();
        _factory.UseKestrel(0);
        _factory.StartServer();
        using var client = _factory.CreateClient();
        Address = client.BaseAddress!;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

/// <summary>
/// What a client sending bytes by hand gets back, over a real socket. Up to Kestrel's limits
/// (<see cref="RequestGuard.KestrelLineLimit"/>, 64 KiB for the request line and for the headers) every refusal is the
/// gateway's, with a problem body; beyond them, and for a request Kestrel cannot parse (malformed request line,
/// <c>%00</c> in the path, unknown HTTP version), Kestrel answers before any application code runs: a bare status,
/// <c>Content-Length: 0</c>, no body, and the connection closed.
/// </summary>
public sealed class KestrelSocketTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    private const string Live = "/health/live";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RequestGuard.MaxTargetLength + 1)]
    [InlineData(10 * 1024)]
    [InlineData(RequestGuard.KestrelLineLimit - 100)]
    public async Task a_query_over_8_kib_is_a_414_problem_over_the_socket(int targetLength)
    {
        var target = Live + "?q=" + new string('a', targetLength - Live.Length - 3);

        var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Get(target), Cancel);

        AssertProblem(response, 414);
    }

    [Fact]
    public async Task a_path_over_8_kib_is_a_414_problem_over_the_socket()
    {
        var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Get("/" + new string('p', 10 * 1024)), Cancel);

        AssertProblem(response, 414);
    }

    [Fact]
    public async Task a_query_of_exactly_8_kib_is_served()
    {
        var target = Live + "?q=" + new string('a', RequestGuard.MaxTargetLength - Live.Length - 3);

        var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Get(target), Cancel);

        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData(1, 40 * 1024)]
    [InlineData(5, 8 * 1024)]
    [InlineData(60, 1024)]
    [InlineData(1, RequestGuard.KestrelLineLimit - 1024)]
    public async Task headers_over_32_kib_are_a_431_problem_over_the_socket(int count, int size)
    {
        var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Get(Live, Padding(count, size)), Cancel);

        AssertProblem(response, 431);
    }

    [Fact]
    public async Task headers_under_32_kib_are_served()
    {
        var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Get(Live, Padding(3, 10 * 1024)), Cancel);

        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData("?q=a%00b", "q")]
    [InlineData("?q=%00", "q")]
    [InlineData("?a%00b=1", "ab")]
    [InlineData("?ok=1&q=x%00&z=2", "q")]
    [InlineData("?q=1&q=2%00", "q")]
    public async Task a_nul_in_the_query_is_a_400_problem_naming_the_parameter(string query, string field)
    {
        var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Get(Live + query), Cancel);

        using var problem = AssertProblem(response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), response.Body);
        Assert.DoesNotContain("\\u0000", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RequestGuard.KestrelLineLimit + 1)]
    [InlineData(200 * 1024)]
    public async Task beyond_64_kib_of_request_line_kestrel_answers_a_bare_414(int targetLength)
    {
        var target = Live + "?q=" + new string('a', targetLength - Live.Length - 3);

        var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Get(target), Cancel);

        AssertBare(response, 414);
    }

    [Theory]
    [InlineData(1, RequestGuard.KestrelLineLimit + 1024)]
    [InlineData(10, 8 * 1024)]
    public async Task beyond_64_kib_of_headers_kestrel_answers_a_bare_431(int count, int size)
    {
        var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Get(Live, Padding(count, size)), Cancel);

        AssertBare(response, 431);
    }

    [Theory]
    [InlineData("GET /health/live\r\nHost: localhost\r\n\r\n", 400)]
    [InlineData("GET  /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n", 400)]
    [InlineData("G(T /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n", 400)]
    [InlineData("GET health/live HTTP/1.1\r\nHost: localhost\r\n\r\n", 400)]
    [InlineData("GET /health/live%00 HTTP/1.1\r\nHost: localhost\r\n\r\n", 400)]
    [InlineData("GET /health/live HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET /health/live HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n", 400)]
    [InlineData("GET /health/live HTTP/1.7\r\nHost: localhost\r\n\r\n", 505)]
    public async Task a_request_kestrel_cannot_parse_gets_its_bare_answer(string request, int status)
    {
        var response = await RawHttp.SendAsync(gateway.Address, request, Cancel);

        AssertBare(response, status);
    }

    private static string[] Padding(int count, int size) =>
        [.. Enumerable.Range(0, count).Select(i => $"X-Pad-{i}: " + new string('h', size))];

    private static JsonDocument AssertProblem(RawResponse response, int status)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        var problem = JsonDocument.Parse(response.Body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        return problem;
    }

    // Kestrel's own refusal: the status alone, an empty body, and the connection closed after it.
    private static void AssertBare(RawResponse response, int status)
    {
        Assert.Equal(status, response.Status);
        Assert.Null(response.ContentType);
        Assert.Equal("0", response.Headers["content-length"]);
        Assert.Equal("close", response.Headers["connection"]);
        Assert.Equal("", response.Body);
    }
}
