using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace P4Orleans.Silo.Hosting;

/// <summary>
/// Every log entry of the process goes through one redacting logger factory: an exception attached to an
/// entry reaches the providers as its type and stack only, whoever logs it (Kestrel's "unhandled exception"
/// after a response started, the exception handler middleware, authentication, Npgsql, background loops).
/// Messages of exceptions may carry personal data (a name in a constraint error, a value in a parse error).
/// <see cref="DatabaseServiceCollectionExtensions.AddP4Database"/> registers it, so every host of the platform (gateway, silo-only
/// worker, command line) logs through it without having to remember to.
/// </summary>
public static class RedactedLogging
{
    /// <summary>Replaces the logger factory by the redacting one (providers registered later are covered too).</summary>
    public static IServiceCollection AddRedactedLogging(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }
}

/// <summary>A logger factory whose loggers pass exceptions on as <see cref="RedactedException"/>.</summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception is null or RedactedException ? exception : new RedactedException(exception), formatter);
    }
}

/// <summary>An exception reduced to its type, the types of the exceptions it wraps, and its stack.</summary>
public sealed class RedactedException : Exception
{
    private readonly string? _stackTrace;

    public RedactedException(Exception original)
        : base(original.GetType().FullName + " (message withheld)", original.InnerException is null ? null : new RedactedException(original.InnerException))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _stackTrace = original.StackTrace;
        HResult = original.HResult;
    }

    /// <summary>The type of the exception that was logged.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => _stackTrace;

    public override string ToString()
    {
        var text = new StringBuilder(OriginalType).Append(" (message withheld)");
        if (InnerException is not null)
        {
            text.Append(" ---> ").Append(InnerException.ToString()).AppendLine().Append("   --- End of inner exception stack trace ---");
        }
        if (_stackTrace is not null)
        {
            text.AppendLine().Append(_stackTrace);
        }
        return text.ToString();
    }
}
