using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Documents;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Api.Problems;

/// <summary>
/// Turns exceptions into RFC 9457 problem details: known domain errors with their status and message,
/// anything else as a 500 that says only that it failed and its request id (no stack trace, no data).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            ValidationFailedException v => (StatusCodes.Status400BadRequest, "Invalid request", v.Message),
            BadHttpRequestException { StatusCode: 413 } => (StatusCodes.Status413PayloadTooLarge, "Request too large", "The request body is larger than this operation accepts."),
            BadHttpRequestException b => (b.StatusCode, "Invalid request", BindingErrors.Of(b).Detail),
            System.Text.Json.JsonException j => (StatusCodes.Status400BadRequest, "Invalid request", BindingErrors.OfJson(j).Detail),
            PayloadTooLargeException p => (StatusCodes.Status413PayloadTooLarge, "Request too large", p.Message),
            OverflowException => (StatusCodes.Status400BadRequest, "Invalid request", "An amount or a sum of amounts is too large."),
            ConflictException c => (StatusCodes.Status409Conflict, "Conflict", c.Message),
            Users.RightsRefusedException r => (StatusCodes.Status403Forbidden, "Forbidden", r.Message),
            DossierValidationException v => (StatusCodes.Status400BadRequest, "Invalid request", v.Message),
            IllegalTransitionException t => (StatusCodes.Status409Conflict, "Not allowed now", t.Message),
            SubmissionConflictException s => (StatusCodes.Status409Conflict, "Conflict", s.Message),
            DossierNotFoundException => (StatusCodes.Status404NotFound, "Not found", "No such dossier."),
            BailiffNotFoundException => (StatusCodes.Status404NotFound, "Not found", "No such bailiff office."),
            NotAssignedOfficeException => (StatusCodes.Status404NotFound, "Not found", "No such dossier."),
            DisputeNotFoundException => (StatusCodes.Status404NotFound, "Not found", "No such dispute in this dossier."),
            DocumentRejectedException d => (StatusCodes.Status415UnsupportedMediaType, "Document refused", d.Message),
            CommunicationNotFoundException => (StatusCodes.Status404NotFound, "Not found", "No such communication."),
            DomainException d => (StatusCodes.Status409Conflict, "Not allowed now", d.Message),
            NotFoundException n => (StatusCodes.Status404NotFound, "Not found", n.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request", null),
            _ when DatabaseOutage.IsOutage(exception) => (StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The database is unavailable for a moment. Retry after the delay in Retry-After."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "The request failed. Quote its request id to the operators."),
        };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // An outage, not a defect: say when to come back, and drop the pool's connections to the server that went away.
            httpContext.Response.Headers.RetryAfter = ((int)DatabaseOutage.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            httpContext.RequestServices.GetService<Npgsql.NpgsqlDataSource>()?.Clear();
            logger.LogWarning("Request {RequestId} answered 503: database unavailable ({ExceptionType})", httpContext.TraceIdentifier, exception.GetType().FullName);
        }
        else if (status >= 500)
        {
            // The exception's type and stack only: messages may carry data, they stay out of the log too.
            logger.LogError("Request {RequestId} failed with {ExceptionType} at {StackTrace}",
                httpContext.TraceIdentifier, exception.GetType().FullName, exception.StackTrace);
        }
        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (exception is ValidationFailedException failed)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [failed.Field] = [failed.Message] };
        }
        else if (exception is BadHttpRequestException { StatusCode: 400 } bad)
        {
            problem.Extensions["errors"] = BindingErrors.Of(bad).Errors;
        }
        else if (exception is System.Text.Json.JsonException json)
        {
            problem.Extensions["errors"] = BindingErrors.OfJson(json).Errors;
        }
        else if (exception is DossierValidationException invalid)
        {
            problem.Extensions["errors"] = invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        }
        else if (exception is IllegalTransitionException illegal)
        {
            // Not "status": that member is the HTTP status code (RFC 9457).
            problem.Extensions["currentStatus"] = illegal.Status.ToString();
            problem.Extensions["allowed"] = illegal.Allowed.Select(c => c.ToString()).ToArray();
        }
        else if (exception is DomainConflictException conflict)
        {
            problem.Extensions["reason"] = conflict.Reason;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
