using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Recovery.Communications;

/// <summary>Sends eBox messages to the eBox adapter when one is configured, everything else to the file adapter.</summary>
public sealed class CommunicationDelivery(DeliveryAdapterOptions options, FileDelivery files, EboxHttpDelivery ebox) : ICommunicationDelivery
{
    /// <inheritdoc />
    public Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Channel == NoticeChannel.EBox && options.Ebox.Endpoint is not null
            ? ebox.SendAsync(message, cancellationToken)
            : files.SendAsync(message, cancellationToken);
    }
}

/// <summary>Registration of the communications' delivery.</summary>
public static class CommunicationHosting
{
    /// <summary>The retry bounds, the adapters and what the dossier grains need of them (section <c>Communications</c>).</summary>
    public static IServiceCollection AddCommunications(this IServiceCollection services, IConfiguration configuration)
    {
        var adapters = configuration.GetValidated<DeliveryAdapterOptions>(CommunicationOptions.SectionName);
        services.TryAddSingleton(configuration.GetValidated<CommunicationOptions>(CommunicationOptions.SectionName));
        services.TryAddSingleton(adapters);
        services.AddHttpClient(EboxHttpDelivery.ClientName, client => client.Timeout = adapters.Ebox.Timeout);
        // The factory's own request logging names the URI only; the handler that would log headers stays off.
        services.Configure<HttpClientFactoryOptions>(EboxHttpDelivery.ClientName, o => o.ShouldRedactHeaderValue = _ => true);
        services.TryAddSingleton(sp => new FileDelivery(adapters, sp.GetRequiredKeyedService<TimeProvider>(P4Orleans.Grains.PlatformClock.Key),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<FileDelivery>>()));
        services.TryAddSingleton<EboxHttpDelivery>();
        services.TryAddSingleton<ICommunicationDelivery, CommunicationDelivery>();
        services.TryAddSingleton(sp => new CommunicationServices(sp.GetRequiredService<ICommunicationDelivery>(), sp.GetRequiredService<CommunicationOptions>()));
        return services;
    }
}
