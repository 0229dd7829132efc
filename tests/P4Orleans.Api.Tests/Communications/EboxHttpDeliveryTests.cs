using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Recovery.Communications;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests.Communications;

/// <summary>The HTTP eBox adapter against a local eBox (Kestrel in the test): answers, failures, and what it never logs.</summary>
public sealed class EboxHttpDeliveryTests : IAsyncLifetime
{
    private const string Key = "secret-ebox-key-31337";
    private const string Body = "Texte confidentiel 77441.";
    private readonly ConcurrentQueue<(string? Authorization, string? Idempotency, JsonElement Json)> _received = new();
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CapturingLogs _logs = new();
    private WebApplication _server = null!;
    private int _status = 201;
    private bool _hang;
    private Uri _endpoint = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var port = FreePorts.Next();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/api/v1/messages", async (HttpRequest request) =>
        {
            var json = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            _received.Enqueue((request.Headers.Authorization, request.Headers["Idempotency-Key"], json));
            if (_hang)
            {
                await _never.Task;
            }
            return Results.StatusCode(_status);
        });
        await _server.StartAsync(TestContext.Current.CancellationToken);
        _endpoint = new Uri($"http://127.0.0.1:{port}/api/v1/");
    }

    public async ValueTask DisposeAsync()
    {
        _never.TrySetResult();
        await _server.DisposeAsync();
    }

    private EboxHttpDelivery Adapter(Uri? endpoint = null, TimeSpan? timeout = null)
    {
        var options = new DeliveryAdapterOptions { Ebox = new EboxAdapterOptions { Endpoint = endpoint ?? _endpoint, ApiKey = Key, Timeout = timeout ?? TimeSpan.FromSeconds(5) } };
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddHttpClient(EboxHttpDelivery.ClientName, c => c.Timeout = options.Ebox.Timeout);
        var provider = services.BuildServiceProvider();
        return new EboxHttpDelivery(provider.GetRequiredService<IHttpClientFactory>(), options, provider.GetRequiredService<ILogger<EboxHttpDelivery>>());
    }

    private static OutgoingMessage Message(string? enterprise = "0123456749") => new("d-42", "C3", "ONSS-2026-000123", CommunicationKind.FormalNotice,
        NoticeChannel.EBox, new Recipient("Exemple Construct SA", enterprise, new PostalAddress("Boulevard d'Avroy", "3", null, "4000", "Liège", "BE")),
        "Mise en demeure", Body, 2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_accepted_message_carries_the_credential_the_idempotency_key_and_the_enterprise_number()
    {
        var result = await Adapter().SendAsync(Message(), Ct);
        Assert.Equal(DeliveryResult.Sent, result);
        var (authorization, idempotency, json) = Assert.Single(_received);
        Assert.Equal("Bearer " + Key, authorization);
        Assert.Equal("d-42:C3", idempotency);
        Assert.Equal("0123456749", json.GetProperty("enterpriseNumber").GetString());
        Assert.Equal(Body, json.GetProperty("body").GetString());
        Assert.Equal("FormalNotice", json.GetProperty("kind").GetString());
        Assert.Equal(2, json.GetProperty("attempt").GetInt32());
    }

    [Theory]
    [InlineData(200, true, false, null)]
    [InlineData(202, true, false, null)]
    [InlineData(409, true, false, null)]          // already received under this idempotency key
    [InlineData(400, false, true, "http-400")]
    [InlineData(404, false, true, "http-404")]
    [InlineData(422, false, true, "http-422")]
    [InlineData(401, false, false, "http-401")]   // credentials being fixed: worth retrying within the bound
    [InlineData(408, false, false, "http-408")]
    [InlineData(429, false, false, "http-429")]
    [InlineData(500, false, false, "http-500")]
    [InlineData(503, false, false, "http-503")]
    public async Task each_answer_of_the_ebox_is_sent_a_refusal_or_worth_another_attempt(int status, bool accepted, bool permanent, string? error)
    {
        _status = status;
        var result = await Adapter().SendAsync(Message(), Ct);
        Assert.Equal(new DeliveryResult(accepted, error, permanent), result);
    }

    [Fact]
    public async Task an_ebox_that_does_not_answer_in_time_is_a_transient_timeout()
    {
        _hang = true;
        var result = await Adapter(timeout: TimeSpan.FromSeconds(1)).SendAsync(Message(), Ct);
        Assert.Equal(DeliveryResult.Transient("timeout"), result);
    }

    [Fact]
    public async Task an_unreachable_ebox_is_a_transient_network_failure()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePorts.Next()}/api/");
        var result = await Adapter(closed).SendAsync(Message(), Ct);
        Assert.Equal(DeliveryResult.Transient("network"), result);
    }

    [Fact]
    public async Task a_recipient_without_an_enterprise_number_is_refused_without_a_request()
    {
        var result = await Adapter().SendAsync(Message(enterprise: null), Ct);
        Assert.True(result.Permanent);
        Assert.Equal("no-enterprise-number", result.Error);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task neither_the_credential_nor_the_text_nor_the_recipient_is_ever_logged()
    {
        foreach (var status in new[] { 201, 503, 422 })
        {
            _status = status;
            await Adapter().SendAsync(Message(), Ct);
        }
        await Adapter(new Uri($"http://127.0.0.1:{FreePorts.Next()}/api/")).SendAsync(Message(), Ct);
        var all = string.Join('\n', _logs.Lines);
        Assert.NotEmpty(_logs.Lines);
        foreach (var secret in new[] { Key, "77441", "Exemple Construct", "Avroy", "0123456749" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void an_endpoint_without_tls_is_refused_unless_it_is_this_machine()
    {
        static IReadOnlyList<string> Failures(string uri) => P4Orleans.Silo.Hosting.ValidatedOptions.Failures(
            new DeliveryAdapterOptions { Ebox = new EboxAdapterOptions { Endpoint = new Uri(uri) } }, "Communications");
        Assert.Empty(Failures("https://ebox.example.be/api/"));
        Assert.Empty(Failures("http://127.0.0.1:8080/api/"));
        Assert.NotEmpty(Failures("http://ebox.example.be/api/"));
        Assert.NotEmpty(Failures("ftp://ebox.example.be/"));
    }

    /// <summary>Every log line of the adapter and the client factory, formatted with its arguments.</summary>
    private sealed class CapturingLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLogs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue(formatter(state, exception) + " " + exception);
        }
    }
}
