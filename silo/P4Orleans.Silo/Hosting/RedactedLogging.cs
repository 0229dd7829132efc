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
/// Likewise a field named <c>QueryString</c> (ASP.NET Core's "Request starting/finished" entries) is withheld:
/// the client wrote it, and it could carry anything.
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

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var redacted = exception is null or RedactedException ? exception : new RedactedException(exception);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields && WithheldQueryState.QueryOf(fields) is { } query && inner.IsEnabled(logLevel))
            {
                // A query string is the client's text (ASP.NET Core's request logs quote it whole): it may carry anything.
                inner.Log(logLevel, eventId, new WithheldQueryState(fields, formatter(state, null), query), redacted, static (s, _) => s.ToString());
                return;
            }
            inner.Log(logLevel, eventId, state, redacted, formatter);
        }
    }
}

/// <summary>A structured log state whose <c>QueryString</c> field is replaced by <see cref="Withheld"/>, in its fields and its message.</summary>
internal sealed class WithheldQueryState : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>What stands for a withheld query string.</summary>
    public const string Withheld = "?(query withheld)";

    private const string Key = "QueryString";
    private readonly KeyValuePair<string, object?>[] _fields;
    private readonly string _message;

    public WithheldQueryState(IReadOnlyList<KeyValuePair<string, object?>> fields, string message, string query)
    {
        _fields = [.. fields.Select(f => f.Key == Key ? new KeyValuePair<string, object?>(Key, Withheld) : f)];
        _message = message.Replace(query, Withheld, StringComparison.Ordinal);
    }

    /// <summary>The non-empty query string of a state, if it has one.</summary>
    public static string? QueryOf(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Key == Key)
            {
                var text = fields[i].Value?.ToString();
                return text is { Length: > 1 } ? text : null;
            }
        }
        return null;
    }

    public KeyValuePair<string, object?> this[int index] => _fields[index];

    public int Count => _fields.Length;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_fields).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _message;
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
