using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using Orleans.Dashboard;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Compliance;
using P4Orleans.Api.Communications;
using P4Orleans.Api.WebConsole;
using P4Orleans.Api.Disputes;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Finance;
using P4Orleans.Api.Health;
using P4Orleans.Api.Law;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Recovery.Reports;
using P4Orleans.Api.Ops;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Reports;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Grains;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Security;

namespace P4Orleans.Api.Hosting;

public static class PlatformExtensions
{
    /// <summary>The node's role from configuration (<c>Silo:Role</c>: All, Api or Silo).</summary>
    public static NodeRole Role(this IConfiguration configuration) => configuration.GetSection("Silo").GetValue("Role", NodeRole.All);

    /// <summary>Everything a node needs: database, Orleans (a co-hosted silo or a client), keys, users, audit, authentication, problem details, OpenAPI.</summary>
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddP4Database(configuration);
        services.AddRecovery(configuration);
        builder.AddPlatformTelemetry();
        // After the database services: the embedded server and the migrations start before Orleans does.
        if (configuration.Role().HasFlag(NodeRole.Silo))
        {
            // Every silo runs the dashboard's collector; the gateway serves its pages behind the Ops role.
            builder.UseOrleans(silo => silo.AddP4Silo(configuration).AddDashboard());
        }
        else
        {
            builder.UseOrleansClient(client => client.AddP4Client(configuration).AddDashboard());
        }
        services.AddPlatformServices(configuration);
        services.AddCompliance(configuration);
        services.AddPlatformHealthChecks(configuration.Role());
        services.AddPlatformRateLimiting(configuration);
        services.AddGracefulShutdown(configuration, configuration.Role());
        services.AddPlatformAuthentication(configuration, builder.Environment);
        builder.AddPlatformHttps();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["requestId"] = ctx.HttpContext.TraceIdentifier);
        // After ASP.NET Core's writer: whatever the client accepts, a refusal has its problem body (never a 500).
        services.AddSingleton<IProblemDetailsWriter, AnyClientProblemWriter>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddInputValidation(builder.WebHost);
        services.AddOpenApi(o => o.AddProblemResponses().AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = "P4Orleans", Version = "v1", Description = "Forced recovery of ONSS debts: the gateway." };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token of the eID OpenID Connect provider (or the development issuer locally).",
            };
            return Task.CompletedTask;
        }));
        services.AddApiReference();
        services.AddConsolePages();
        return builder;
    }

    /// <summary>The services the gateway and its command line share.</summary>
    public static IServiceCollection AddPlatformServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => KeyRing.LoadOrCreate(configuration.GetSection("Keys").Get<KeyRingOptions>() ?? new KeyRingOptions()));
        services.AddLawEngine(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(PlatformClock.Key, TimeProvider.System);
        services.AddSingleton<UserRegistry>();
        services.TryAddSingleton(sp => new Domain.Orleans.PlatformMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditVerifier>();
        services.TryAddSingleton(configuration.ClusterOptions());
        services.AddSingleton<DossierQueries>();
        services.AddFinance(configuration);
        services.AddOnssReporting(configuration);
        return services;
    }

    /// <summary>The pipeline and the endpoint groups; a silo-only node serves only its health probes.</summary>
    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UsePlatformHttps();
        app.UseStatusCodePages();
        app.UseRequestGuard();
        app.UsePlatformMetrics();
        app.Use((context, next) =>
        {
            context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
            return next(context);
        });
        app.UseAuthentication();
        // After authentication (the caller is the user), before anything that reads or audits personal data.
        app.UsePlatformRateLimiting();
        app.UseAudit();
        app.UseAuthorization();
        app.UseApiReferenceGate();

        app.MapHealthApi();
        if (app.Configuration.Role().HasFlag(NodeRole.Api))
        {
            // Every endpoint's arguments are checked against InputLimits before its handler runs.
            var api = app.MapGroup("").AddEndpointFilterFactory(InputValidation.Factory);
            app.MapOpenApi().WithTags("Documentation");
            app.MapApiReference();
            api.MapUsersApi();
            api.MapAuditApi();
            api.MapComplianceApi();
            api.MapOpsApi();
            api.MapOpsHealthApi();
            api.MapLawApi();
            api.MapOnssApi();
            api.MapOnssReportsApi();
            api.MapBailiffApi();
            api.MapOperatorsApi();
            api.MapChamberApi();
            api.MapFinanceApi();
            api.MapDisputesApi();
            api.MapCommunicationsApi();
            api.MapConsole();
            app.MapConsolePages();
            // The Orleans Dashboard (silos, grains, calls, reminders, live log) for ops only; not part of the API document.
            app.MapOrleansDashboard("/ops/dashboard").RequireAuthorization(Policies.Ops).ExcludeFromDescription();
        }
        return app;
    }
}
