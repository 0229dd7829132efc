using Microsoft.AspNetCore.Mvc;

namespace P4Orleans.Api.Problems;

/// <summary>
/// The first check of every request, before routing, authentication or binding: no NUL character in the path or
/// the query (PostgreSQL refuses it in text, and it has no meaning in an address), a request target of at most
/// <see cref="MaxTargetLength"/> characters (414) and headers of at most <see cref="MaxHeaderBytes"/> (431), each
/// answered with a problem body. Kestrel's own limits are set above these (<see cref="KestrelLineLimit"/>), so that
/// such requests reach this check instead of Kestrel's bare answer without a body.
/// </summary>
public static class RequestGuard
{
    /// <summary>The longest path and query accepted, in characters.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>The most header bytes accepted (names and values).</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>Kestrel's request-line and header limits: above ours, so that only grossly oversized requests get Kestrel's bare answer.</summary>
    public const int KestrelLineLimit = 64 * 1024;

    /// <summary>Adds the guard to the pipeline.</summary>
    public static IApplicationBuilder UseRequestGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var target = request.Path.Value?.Length + request.PathBase.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetLength)
        {
            await RefuseAsync(context, StatusCodes.Status414UriTooLong, "Address too long",
                $"The path and query are at most {MaxTargetLength} characters.", null);
            return;
        }

        if (request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0)) > MaxHeaderBytes)
        {
            await RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Headers too large",
                $"The request headers are at most {MaxHeaderBytes} bytes.", null);
            return;
        }

        var field = NulField(request);
        if (field is not null)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Invalid request", "The request may not contain a NUL character.", field);
            return;
        }

        await next(context);
    });

    // The decoded path, then each query parameter (name and values): where the NUL is, for the errors member.
    private static string? NulField(HttpRequest request)
    {
        if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return "path";
        }

        foreach (var (name, values) in request.Query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                return name.Replace("\0", "", StringComparison.Ordinal);
            }
        }

        return null;
    }

    private static async Task RefuseAsync(HttpContext context, int status, string title, string detail, string? field)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
