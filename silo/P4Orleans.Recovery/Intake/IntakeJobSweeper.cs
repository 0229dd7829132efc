using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace P4Orleans.Recovery.Intake;

/// <summary>
/// At start and then periodically, marks the running bulk jobs of gone nodes as interrupted (see
/// <see cref="IntakeService.MarkInterruptedJobsAsync"/>). Uses the host's <c>nodes</c> heartbeat table; when the runtime
/// moves to cluster membership, only the notion of a gone node changes.
/// </summary>
public sealed class IntakeJobSweeper(IntakeService intake, IntakeOptions options, TimeProvider time, ILogger<IntakeJobSweeper> logger) : BackgroundService
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var marked = await intake.MarkInterruptedJobsAsync(_startedAt, stoppingToken);
                if (marked > 0)
                {
                    logger.LogWarning("Marked {Count} bulk intake jobs of gone nodes as interrupted", marked);
                }
                await Task.Delay(options.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning("Interrupted-job sweep failed with {ExceptionType}", e.GetType().Name);
                await Task.Delay(options.SweepInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
