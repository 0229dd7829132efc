using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.WebConsole;

/// <summary>The console's policies: who opens which page (roles as granted by the registry at each request).</summary>
public static class ConsolePolicies
{
    /// <summary>Dossiers: Operators (all), ONSS agents (ONSS's own: every title is ONSS's).</summary>
    public const string Dossiers = "console-dossiers";

    /// <summary>Bulk intake jobs: Operators and Ops.</summary>
    public const string Intake = "console-intake";

    /// <summary>A bailiff office's own dossiers: Bailiff or BailiffClerk of a bailiff office (as the /bailiff API).</summary>
    public const string Bailiffs = "console-bailiffs";

    /// <summary>The office's own remittance statements: Bailiff of a bailiff office (as <c>GET /bailiff/offices/{id}/remittances/{period}</c>).</summary>
    public const string BailiffFinance = "console-bailiff-finance";
}

/// <summary>Marks a console page whose requests are audited, as <c>.Audited(...)</c> marks an API endpoint.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ConsoleAuditedAttribute(string action, string resourceKind) : Attribute
{
    public string Action { get; } = action;

    public string ResourceKind { get; } = resourceKind;
}

/// <summary>Razor Pages for the console (<c>WebConsole/Pages</c>), their headers, policies and audit.</summary>
public static class ConsoleSetup
{
    /// <summary>The console's one style sheet, inline and allowed by its hash alone (no other style can run).</summary>
    public static string StyleHash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ConsoleStyle.Css))) + "'";

    /// <summary>
    /// Nothing loads but the page, its hashed style and the gateway's own script; forms post only here; never framed.
    /// </summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src {StyleHash}; script-src 'self'; connect-src 'self'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IServiceCollection AddConsolePages(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/WebConsole/Pages";
            o.Conventions.ConfigureFilter(new ConsoleHeadersFilter());
            o.Conventions.ConfigureFilter(new ConsoleFormLimitFilter());
        });
        services.Configure<AuthorizationOptions>(o =>
        {
            o.AddPolicy(ConsolePolicies.Dossiers, p => p.RequireRole(Roles.Operator, Roles.OnssAgent));
            o.AddPolicy(ConsolePolicies.Intake, p => p.RequireRole(Roles.Operator, Roles.Ops));
            o.AddPolicy(ConsolePolicies.Bailiffs, p => p.RequireRole(Roles.Bailiff, Roles.BailiffClerk)
                .RequireClaim(PlatformClaims.OrganisationKind, nameof(OrganisationKind.BailiffOffice)));
            o.AddPolicy(ConsolePolicies.BailiffFinance, p => p.RequireRole(Roles.Bailiff)
                .RequireClaim(PlatformClaims.OrganisationKind, nameof(OrganisationKind.BailiffOffice)));
        });
        services.AddSingleton<ConsoleQueries>();
        return services;
    }

    /// <summary>Maps the pages (not in the OpenAPI document) and gives each audited one the audit middleware's metadata.</summary>
    public static IEndpointRouteBuilder MapConsolePages(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages().Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<ConsoleAuditedAttribute>().FirstOrDefault() is { } audited)
            {
                endpoint.Metadata.Add(new AuditedMetadata(audited.Action, audited.ResourceKind));
            }
        });
        return app;
    }

    /// <summary>The headers of every console page: strict CSP, never cached, never framed, no referrer.</summary>
    public static void SetPageHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
    }

    private sealed class ConsoleHeadersFilter : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            SetPageHeaders(context.HttpContext.Response);
            return next();
        }
    }
}
