using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Security;

/// <summary>The development issuer's endpoint: mapped only when the issuer is enabled (never in Production).</summary>
public static class DevelopmentApi
{
    public sealed record TokenRequest(Guid UserId);

    public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

    public static IEndpointRouteBuilder MapDevelopmentApi(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<DevelopmentIssuer>() is null)
        {
            return app;
        }
        app.MapPost("/dev/token", IssueAsync).AllowAnonymous().WithTags("Development").WithName("DevelopmentToken")
            .WithSummary("Issues a token for a registered, active user (development issuer only)");
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueAsync(
        TokenRequest request, DevelopmentIssuer issuer, UserRegistry registry, AuthOptions options, CancellationToken ct)
    {
        var user = await registry.FindAsync(request.UserId, ct);
        if (user is null || user.Status != UserStatus.Active)
        {
            return TypedResults.Problem(title: "Unknown user", detail: "No active registered user has this id.", statusCode: 404);
        }
        return TypedResults.Ok(new TokenResponse(issuer.IssueFor(user.Id), "Bearer", (int)options.DevelopmentIssuer.Lifetime.TotalSeconds));
    }
}
