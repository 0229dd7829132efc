using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace P4Orleans.Recovery.Intake;

/// <summary>
/// At start and then periodically, marks the running bulk jobs of gone nodes as interrupted (see
/// <see cref="IntakeService.MarkInterruptedJobsAsync"/>), beating meanwhile for this node's own running jobs. Intake
/// runs on api nodes too, which are not cluster members: a job's own heartbeat, not membership, tells it is alive.
/// </summary>
public sealed class IntakeJobSweeper(IntakeService intake, IntakeOptions options, ILogger<IntakeJobSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var marked = await intake.MarkInterruptedJobsAsync(stoppingToken);
                if (marked > 0)
                {
                    logger.LogWarning("Marked {Count} bulk intake jobs of gone nodes as interrupted", marked);
                }
                await Task.Delay(options.SweepInterval, TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning("Interrupted-job sweep failed with {ExceptionType}", e.GetType().Name);
                await Task.Delay(options.SweepInterval, TimeProvider.System, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
