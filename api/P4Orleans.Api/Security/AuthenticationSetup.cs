using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using P4Orleans.Api.Users;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Api.Security;

public static class AuthenticationSetup
{
    /// <summary>
    /// JWT bearer authentication (the eID OpenID Connect provider in production, the development issuer
    /// locally), every request mapped to a registered, active user whose roles come from the registry;
    /// every endpoint requires an authenticated user unless it allows anonymous access (health probes).
    /// </summary>
    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetValidated<AuthOptions>("Auth");
        services.AddSingleton(options);
        if (options.DevelopmentIssuer.Enabled)
        {
            if (environment.IsProduction())
            {
                throw new InvalidOperationException("The development issuer (Auth:DevelopmentIssuer:Enabled) cannot be enabled in Production.");
            }
            services.AddSingleton<DevelopmentIssuer>();
        }

        // A request with a bearer token takes the JWT path; one with a client certificate, the certificate path
        // (CertificateSetup.cs); any other, the browser session (SessionSetup.cs).
        services.AddAuthentication(SessionSchemes.BearerOrSession).AddJwtBearer().AddClientCertificates(configuration)
            .AddBrowserSession(configuration, environment);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IServiceProvider>((jwt, sp) =>
        {
            jwt.MapInboundClaims = false;
            jwt.Authority = options.Authority;
            jwt.RequireHttpsMetadata = options.Authority?.StartsWith("https://", StringComparison.Ordinal) ?? true;
            var issuers = new List<string>();
            var keys = new List<SecurityKey>(options.SigningKeys.Select(k => new SymmetricSecurityKey(Convert.FromBase64String(k))));
            if (options.Issuer is not null)
            {
                issuers.Add(options.Issuer);
            }
            if (sp.GetService<DevelopmentIssuer>() is { } dev)
            {
                issuers.Add(DevelopmentIssuer.IssuerName);
                keys.Add(dev.Key);
            }
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuers = issuers,
                ValidateAudience = true,
                ValidAudience = options.Audience,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                IssuerSigningKeys = keys,
                NameClaimType = ClaimTypes.Name,
                RoleClaimType = ClaimTypes.Role,
            };
            jwt.Events = new JwtBearerEvents { OnTokenValidated = ctx => MapToRegisteredUserAsync(ctx, options) };
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            // The security coordinator designates registrars and grants the privileged roles, so reaches the registry too.
            .AddPolicy(Policies.Registrar, p => p.RequireRole(Roles.UserRegistrar, Roles.SecurityCoordinator))
            .AddPolicy(Policies.AuditReader, p => p.RequireRole(Roles.SecurityCoordinator, Roles.DataProtectionManager))
            .AddPolicy(Policies.Operators, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Policies.NodeWatchers, p => p.RequireRole(Roles.Ops, Roles.Operator))
            // The Orleans Dashboard and the console's ops pages: role Ops alone, as granted by the registry at this request.
            .AddPolicy(Policies.Ops, p => p.RequireAuthenticatedUser().RequireClaim(PlatformClaims.UserId).RequireRole(Roles.Ops));
        return services;
    }

    /// <summary>
    /// Replaces the token's identity by the registered user's: unknown or inactive users are refused; of the row's
    /// roles only those fitting the user's organisation kind are granted (a row edited in the database, or a stale
    /// token, cannot widen them); a role withheld so leaves an audit entry, and the request goes on with the others.
    /// </summary>
    private static async Task MapToRegisteredUserAsync(TokenValidatedContext ctx, AuthOptions options)
    {
        var registry = ctx.HttpContext.RequestServices.GetRequiredService<UserRegistry>();
        var principal = ctx.Principal!;
        User? user = null;
        var issuer = (ctx.SecurityToken as JsonWebToken)?.Issuer;
        if (issuer == DevelopmentIssuer.IssuerName)
        {
            if (Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id))
            {
                user = await registry.FindAsync(id, ctx.HttpContext.RequestAborted);
            }
        }
        else if (principal.FindFirstValue(options.NationalNumberClaim) is { } nrn)
        {
            try
            {
                user = await registry.FindByNationalNumberAsync(nrn, ctx.HttpContext.RequestAborted);
            }
            catch (Problems.ValidationFailedException)
            {
                user = null;
            }
        }
        if (RegisteredPrincipal.RefusalOf(user) is { } refusal)
        {
            if (user is not null)
            {
                Audit.AuditExtensions.AuditRefusedUser(ctx.HttpContext, user.Id, refusal);
            }
            ctx.Fail(refusal == "unknown-user" ? "The token's subject is not a registered user." : $"The user is {refusal}.");
            return;
        }
        ctx.Principal = await RegisteredPrincipal.ForAsync(ctx.HttpContext, user!, JwtBearerDefaults.AuthenticationScheme);
    }
}

/// <summary>The registered user behind the current request.</summary>
public static class CurrentUser
{
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(PlatformClaims.UserId), out var id) ? id : null;

    public static string? OrganisationId(this ClaimsPrincipal principal) => principal.FindFirstValue(PlatformClaims.OrganisationId);

    public static string? OrganisationKind(this ClaimsPrincipal principal) => principal.FindFirstValue(PlatformClaims.OrganisationKind);

    /// <summary>The roles joined, for the audit log.</summary>
    public static string Roles(this ClaimsPrincipal principal) =>
        string.Join(',', principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal));
}
