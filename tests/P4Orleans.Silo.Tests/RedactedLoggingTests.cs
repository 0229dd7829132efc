using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Silo.Tests;

/// <summary>
/// Every host of the platform registers the redacting logger factory through the registration they share
/// (<see cref="DatabaseServiceCollectionExtensions.AddP4Database"/>): the silo-only worker, the command line and the gateway.
/// </summary>
public sealed class RedactedLoggingTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none";
    private static readonly string Marker = "Dupont" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void the_worker_host_composition_logs_exceptions_without_their_messages()
    {
        // The database services every node registers, with a provider added after (as a deployment would).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:Postgres", Unreachable), new("Silo:Role", "Silo")]);
        builder.Services.AddP4Database(builder.Configuration);
        var capture = new CapturingProvider();
        builder.Logging.AddProvider(capture);
        using var host = builder.Build();

        AssertRedacted(host.Services, capture);
    }

    [Fact]
    public void the_command_line_registration_logs_exceptions_without_their_messages()
    {
        // The command line registers the database alone (no grain host): the factory comes with it.
        var services = new ServiceCollection();
        var capture = new CapturingProvider();
        services.AddLogging(l => l.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        services.AddP4Database(new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Postgres", Unreachable)]).Build());
        using var provider = services.BuildServiceProvider();

        AssertRedacted(provider, capture);
    }

    [Fact]
    public void registering_the_factory_twice_wraps_the_exception_once()
    {
        var services = new ServiceCollection();
        var capture = new CapturingProvider();
        services.AddLogging(l => l.AddProvider(capture));
        services.AddRedactedLogging().AddRedactedLogging();
        using var provider = services.BuildServiceProvider();

        AssertRedacted(provider, capture);
        Assert.Single(provider.GetServices<ILoggerFactory>());
    }

    private static void AssertRedacted(IServiceProvider services, CapturingProvider capture)
    {
        Assert.IsType<RedactingLoggerFactory>(services.GetRequiredService<ILoggerFactory>());
        var logger = services.GetRequiredService<ILogger<RedactedLoggingTests>>();
        logger.LogError(new InvalidOperationException($"Debtor {Marker} refused", new FormatException($"Name {Marker}")), "Turn failed");

        var (exception, text) = Assert.Single(capture.Entries);
        var redacted = Assert.IsType<RedactedException>(exception);
        Assert.Equal(typeof(InvalidOperationException).FullName, redacted.OriginalType);
        Assert.Equal(typeof(FormatException).FullName, Assert.IsType<RedactedException>(redacted.InnerException).OriginalType);
        Assert.DoesNotContain(Marker, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, redacted.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), text, StringComparison.Ordinal);
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<(Exception? Exception, string Text)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => categoryName == typeof(RedactedLoggingTests).FullName ? new Logger(Entries) : NullLoggerInstance;

        public void Dispose()
        {
        }

        private static readonly ILogger NullLoggerInstance = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        private sealed class Logger(ConcurrentQueue<(Exception?, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((exception, formatter(state, exception) + " " + exception));
        }
    }
}
