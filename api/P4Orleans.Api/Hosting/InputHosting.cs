using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using P4Orleans.Api.Problems;

namespace P4Orleans.Api.Hosting;

/// <summary>How request bodies and parameters are read: strictly, so that bad input is a 400 with its field, never a 500.</summary>
public static class InputHosting
{
    /// <summary>
    /// JSON: enums by name only (a number is refused), a missing field refused where it has no default and is not nullable. Binding failures throw, so that the exception
    /// handler can name the field. Kestrel's line and header limits are set above the gateway's own (see
    /// <see cref="RequestGuard"/>), so that its refusals come with a problem body.
    /// </summary>
    public static IServiceCollection AddInputValidation(this IServiceCollection services, IWebHostBuilder webHost)
    {
        ArgumentNullException.ThrowIfNull(webHost);
        services.PostConfigure<JsonOptions>(o =>
        {
            var json = o.SerializerOptions;
            json.Converters.Clear();
            json.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
            json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(InputValidation.RequireNonNullableParameters);
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        webHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestLineSize = RequestGuard.KestrelLineLimit;
            k.Limits.MaxRequestHeadersTotalSize = RequestGuard.KestrelLineLimit;
        });
        return services;
    }
}
