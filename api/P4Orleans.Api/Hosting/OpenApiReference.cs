using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace P4Orleans.Api.Hosting;

/// <summary>
/// The API reference page (Scalar) at <see cref="Path"/>, and the last touches of the OpenAPI document that make it the
/// same wherever it is built: no <c>servers</c> (the document would otherwise name the host that served it, and the
/// copy versioned in <c>docs/openapi.json</c> could never match), and the bearer requirement on each operation.
/// </summary>
public static class OpenApiReference
{
    /// <summary>Where the API reference is served (any registered, active user: bearer token or browser session).</summary>
    public const string Path = "/docs";

    /// <summary>The served OpenAPI document, which the reference page reads.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Registers the document transformer that runs after every other one (post-configuration).</summary>
    public static IServiceCollection AddApiReference(this IServiceCollection services)
    {
        services.PostConfigureAll<OpenApiOptions>(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [];
            OpenApiRoles.RequireBearer(document);
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>
    /// Refuses every path under <see cref="Path"/> to a caller not signed in, whatever endpoint serves it: the package
    /// maps its script as an endpoint of its own, which the page's authorization does not reach. The refusal is the
    /// usual challenge (a 401 problem for an API client, the sign-in page for a browser).
    /// </summary>
    public static IApplicationBuilder UseApiReferenceGate(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase), gated => gated.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync();
                return;
            }
            await next(context);
        }));

    /// <summary>
    /// Maps the reference page and its script, both served by the gateway from the package (the platform may run
    /// offline): no CDN fonts, no telemetry, no hosted chat, MCP or developer tools, which would call or link to Scalar's services.
    /// </summary>
    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, o => o
                .WithTitle("P4Orleans API reference")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(OpenApiRoles.BearerScheme))
            .RequireAuthorization()
            .ExcludeFromDescription();
}
