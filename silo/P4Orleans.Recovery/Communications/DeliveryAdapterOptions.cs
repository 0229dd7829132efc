using System.ComponentModel.DataAnnotations;

namespace P4Orleans.Recovery.Communications;

/// <summary>
/// Where communications go (section <c>Communications</c>, beside the retry bounds of
/// <see cref="P4Orleans.Contracts.CommunicationOptions"/>). Without an eBox endpoint every message is written as a
/// file in <see cref="Folder"/> (the default of a local run); with one, eBox messages go to it over HTTP and
/// registered letters still go to the folder, where the postal service's print run collects them.
/// </summary>
public sealed class DeliveryAdapterOptions : IValidatableObject
{
    /// <summary>The folder of the file adapter (0700; one file per message, 0600). Default <c>.p4orleans/outbox</c>.</summary>
    [Required, MinLength(1)]
    public string Folder { get; set; } = Path.Combine(".p4orleans", "outbox");

    /// <summary>The eBox adapter.</summary>
    public EboxAdapterOptions Ebox { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Ebox.Endpoint is not { } endpoint)
        {
            yield break;
        }

        // Credentials travel only over TLS, or to this machine (a local test server).
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)))
        {
            yield return new ValidationResult("Communications:Ebox:Endpoint must be an absolute https address (http only to the loopback).",
                [nameof(Ebox)]);
        }
    }
}

/// <summary>The eBox provider's API (section <c>Communications:Ebox</c>).</summary>
public sealed class EboxAdapterOptions
{
    /// <summary>Base address of the provider's API; messages are POSTed to <c>{Endpoint}/messages</c>. Empty: the file adapter.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The platform's credential with the provider, sent as a bearer token (never logged).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one attempt may take. Default 10 s (the attempt runs inside the dossier's turn).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
