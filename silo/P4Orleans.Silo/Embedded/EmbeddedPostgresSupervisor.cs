using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace P4Orleans.Silo.Embedded;

/// <summary>
/// Watches the embedded PostgreSQL and starts it again when its postmaster is gone, with exponential
/// back-off; after a restart the pool's connections to the dead server are dropped, so that requests are
/// served again at once. Failures are logged by exception type only (their text may quote the server's log).
/// </summary>
public sealed class EmbeddedPostgresSupervisor(
    EmbeddedPostgres embedded, NpgsqlDataSource db, EmbeddedPostgresOptions options, TimeProvider time,
    ILogger<EmbeddedPostgresSupervisor> logger) : BackgroundService
{
    /// <summary>Restarts done since the start (for tests and metrics).</summary>
    public int Restarts { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = options.RestartBackoff;
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.SuperviseInterval, time, stoppingToken);
                if (!embedded.IsStarted || embedded.IsPostmasterAlive())
                {
                    continue;
                }
                attempt++;
                logger.LogWarning("The embedded PostgreSQL is down; restart attempt {Attempt} in {Backoff}", attempt, backoff);
                db.Clear();
                await Task.Delay(backoff, time, stoppingToken);
                await embedded.RestartAsync(stoppingToken);
                db.Clear();
                Restarts++;
                logger.LogWarning("The embedded PostgreSQL was restarted after {Attempts} attempt(s)", attempt);
                attempt = 0;
                backoff = options.RestartBackoff;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is EmbeddedPostgresException or IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                logger.LogError("Restarting the embedded PostgreSQL failed with {ExceptionType}; next attempt after {Backoff}",
                    e.GetType().FullName, backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.RestartBackoffMax.Ticks));
            }
        }
    }
}
