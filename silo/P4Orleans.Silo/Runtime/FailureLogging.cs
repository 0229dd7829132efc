using Microsoft.Extensions.Logging;

namespace P4Orleans.Silo.Runtime;

/// <summary>
/// Logs a failure of grain code by its exception's type and stack only: an exception's message may carry
/// the data the grain was handling, and personal data never goes to a log.
/// </summary>
public static class FailureLogging
{
    public static void LogGrainFailure(this ILogger logger, Exception exception, string what, string grainType) =>
        logger.LogError("{What} of {GrainType} failed with {ExceptionType} at {StackTrace}",
            what, grainType, exception.GetType().FullName, exception.StackTrace);
}
