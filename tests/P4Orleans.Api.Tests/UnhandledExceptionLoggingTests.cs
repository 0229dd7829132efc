using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests;

/// <summary>Whoever logs an unhandled exception (Kestrel, the hosting layer), its message never reaches the log.</summary>
public sealed class UnhandledExceptionLoggingTests
{
    private static readonly string Marker = "Dupont" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task exceptions_thrown_before_or_after_the_response_started_are_logged_without_their_messages()
    {
        var capture = new CapturingLoggerProvider();
        await using var factory = new ApiFactory
        {
            ConfigureHost = b => b.ConfigureServices(s =>
            {
                s.AddSingleton<ILoggerProvider>(capture);
                s.AddSingleton<IStartupFilter>(new FailingRoutes());
            }),
        };
        await factory.InitializeAsync();
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = factory.CreateClient();

        foreach (var path in new[] { "/test/fails-after-start", "/test/fails-before-start", "/test/fails-after-start-with-inner" })
        {
            try
            {
                using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
                await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException)
            {
                // A response cut after it started: what the client sees of a late failure.
            }
            catch (IOException)
            {
                // Likewise.
            }
        }

        // Kestrel logs the failures once the requests end: wait (bounded) for its three entries.
        var logged = await Eventually.ValueAsync(
            () => Task.FromResult(capture.Entries.Where(e => e.Category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) && e.Exception is not null).ToList()),
            l => l.Count >= 3);
        Assert.All(logged, e => Assert.Contains(nameof(InvalidOperationException), e.Exception, StringComparison.Ordinal));
        Assert.All(capture.Entries, e => Assert.DoesNotContain(Marker, e.ToString(), StringComparison.Ordinal));
    }

    private sealed class FailingRoutes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                switch (context.Request.Path.Value)
                {
                    case "/test/fails-after-start":
                        await context.Response.WriteAsync("partial", context.RequestAborted);
                        await context.Response.Body.FlushAsync(context.RequestAborted);
                        throw new InvalidOperationException($"Debtor {Marker} could not be written");
                    case "/test/fails-after-start-with-inner":
                        await context.Response.WriteAsync("partial", context.RequestAborted);
                        await context.Response.Body.FlushAsync(context.RequestAborted);
                        throw new InvalidOperationException("Wrapped", new FormatException($"Name {Marker} is not valid"));
                    case "/test/fails-before-start":
                        throw new InvalidOperationException($"Debtor {Marker} refused");
                    default:
                        await inner(context);
                        break;
                }
            });
            next(app);
        };
    }

    private sealed record Entry(string Category, LogLevel Level, string Message, string? Exception, string State)
    {
        public override string ToString() => $"{Category} {Level} {Message} {Exception} {State}";
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : state?.ToString() ?? "";
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception?.ToString(), values));
            }
        }
    }
}
