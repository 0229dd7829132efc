using Microsoft.AspNetCore.Server.Kestrel.Https;
using System.ComponentModel.DataAnnotations;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Api.Security;

/// <summary>Settings of the gateway's own HTTPS default (section <c>Https</c>).</summary>
public sealed class PlatformHttpsOptions
{
    /// <summary>Where the gateway listens outside Development when nothing else says (no <c>urls</c>, no <c>Kestrel:Endpoints</c>).</summary>
    public string DefaultUrl { get; set; } = "https://127.0.0.1:5443";

    /// <summary>How long browsers keep to HTTPS once told (the HSTS max-age), outside Development.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "730.00:00:00")]
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>
/// HTTPS by default outside Development, with the server certificate of <c>Kestrel:Certificates:Default</c> (Kestrel's
/// own key: <c>Path</c> and <c>Password</c> of a PKCS#12 file, or <c>Path</c> and <c>KeyPath</c> of PEM files); HSTS;
/// every HTTPS endpoint asks for a client certificate without requiring one, so that people (eID, no certificate)
/// reach the API as well as the systems of ONSS and the Chamber. The Development default stays on loopback HTTP.
/// </summary>
public static class HttpsSetup
{
    /// <summary>Configures Kestrel's HTTPS defaults, the default HTTPS address and HSTS.</summary>
    public static WebApplicationBuilder AddPlatformHttps(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetValidated<PlatformHttpsOptions>("Https");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            // TLS takes any client certificate: the Certificate scheme checks its chain, dates, revocation and registration
            // (CertificateSetup.cs), so that a refusal is a 401 problem with an audit entry, not a broken handshake.
            https.AllowAnyClientCertificate();
        }));
        if (!builder.Environment.IsDevelopment() && !EndpointsConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(options.DefaultUrl);
        }
        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = options.HstsMaxAge;
            hsts.IncludeSubDomains = false;
        });
        return builder;
    }

    /// <summary>Sends the HSTS header on HTTPS responses outside Development (never on loopback hosts: browsers ignore it there).</summary>
    public static WebApplication UsePlatformHttps(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        return app;
    }

    /// <summary>Whether the addresses are given somewhere (settings, environment, Kestrel's own section).</summary>
    private static bool EndpointsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["urls"]) || !string.IsNullOrWhiteSpace(configuration["http_ports"])
        || !string.IsNullOrWhiteSpace(configuration["https_ports"]) || configuration.GetSection("Kestrel:Endpoints").Exists();
}
