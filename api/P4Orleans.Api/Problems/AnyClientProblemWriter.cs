using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace P4Orleans.Api.Problems;

/// <summary>
/// The last problem writer: ASP.NET Core's own writes a problem only to a client that accepts JSON, and a refusal to a
/// client asking for <c>text/html</c> alone (a page address typed with a NUL, an address too long, a rate limit) then
/// had no writer at all: <see cref="IProblemDetailsService.WriteAsync"/> threw and the client got a 500 instead of its
/// 400, 414 or 429. This one writes the same <c>application/problem+json</c> body to any client (RFC 9457 allows it),
/// customised like the others (the request id).
/// </summary>
public sealed class AnyClientProblemWriter(IOptions<ProblemDetailsOptions> problems, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    /// <inheritdoc />
    public bool CanWrite(ProblemDetailsContext context) => true;

    /// <inheritdoc />
    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        var http = context.HttpContext;
        context.ProblemDetails.Status ??= http.Response.StatusCode;
        return new ValueTask(http.Response.WriteAsJsonAsync(context.ProblemDetails, json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
    }
}
