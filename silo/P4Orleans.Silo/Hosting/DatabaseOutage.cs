using System.Net.Sockets;
using Npgsql;

namespace P4Orleans.Silo.Hosting;

/// <summary>
/// Tells a database outage (server down, restarting, refusing connections, pool exhausted) from an error of the
/// request itself: the first is answered 503 with Retry-After, the second keeps its own status.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>The wait a client is told to observe (the supervisor restarts the embedded server within seconds).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>True when the exception, or one it wraps, says the database cannot be reached now.</summary>
    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 08: connection exceptions; 57P: shutdown, crash shutdown, cannot connect now; 53300: too many connections.
                case PostgresException p:
                    return p.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || p.SqlState.StartsWith("57P", StringComparison.Ordinal)
                        || p.SqlState == PostgresErrorCodes.TooManyConnections;
                // Npgsql's own errors (not the server's): broken or refused connections, pool exhausted, timeouts.
                case NpgsqlException:
                case SocketException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsOutage):
                    return true;
            }
        }
        return false;
    }
}
