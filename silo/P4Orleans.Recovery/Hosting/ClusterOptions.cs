using System.ComponentModel.DataAnnotations;
using System.Net;

namespace P4Orleans.Recovery.Hosting;

/// <summary>
/// A node's place in the Orleans cluster (section <c>Silo</c>). The defaults are the embedded single node: one
/// process on loopback. Membership timing is chosen so that a dead silo's grains answer again on another silo
/// within 2 seconds on a local network (deploy/README.md explains the numbers).
/// </summary>
public sealed class PlatformClusterOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo";

    /// <summary>The cluster's id: nodes with the same id and database form one cluster.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "p4orleans";

    /// <summary>The service's id: the key of grain state and reminders across cluster redeployments.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "p4orleans";

    /// <summary>The silo's name in membership and the dashboard (default: host name and process id).</summary>
    public string? Name { get; set; }

    /// <summary>The address other nodes reach this silo at; the silo listens on it only, unless <see cref="ListenOnAnyAddress"/>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string AdvertisedAddress { get; set; } = IPAddress.Loopback.ToString();

    /// <summary>Listen on every address of the host (containers), advertising <see cref="AdvertisedAddress"/>.</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>False when the host sets the endpoints itself (Orleans' TestingHost does).</summary>
    public bool ConfigureEndpoints { get; set; } = true;

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client-to-silo (gateway) port, used by api-only nodes.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>How often every silo looks for dossiers whose next deadline has passed (and once at start).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan CatchUpPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many overdue dossiers one catch-up round wakes at once.</summary>
    [Range(1, 10_000)]
    public int CatchUpConcurrency { get; set; } = 64;

    /// <summary>The period of a grain's one reminder: when a wake fails, it is tried again after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Orleans' smallest reminder period (its default is one minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failure detection (see deploy/README.md).</summary>
    [Required]
    public MembershipTiming Membership { get; set; } = new();

    /// <summary>Idle time after which a grain is deactivated (its memory freed; its state stays in the database).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ActivationIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Rules across fields: two distinct ports; a reminder period Orleans accepts.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ConfigureEndpoints && SiloPort == GatewayPort)
        {
            yield return new ValidationResult($"SiloPort and GatewayPort are both {SiloPort}; a node needs two ports.", [nameof(SiloPort), nameof(GatewayPort)]);
        }

        if (ReminderPeriod < MinimumReminderPeriod)
        {
            yield return new ValidationResult($"ReminderPeriod {ReminderPeriod} is below MinimumReminderPeriod {MinimumReminderPeriod}.", [nameof(ReminderPeriod)]);
        }
    }

    /// <summary>The advertised address, parsed (a host name resolves to its first IPv4 address).</summary>
    public IPAddress ParsedAddress() =>
        IPAddress.TryParse(AdvertisedAddress, out var ip) ? ip
        : Dns.GetHostAddresses(AdvertisedAddress).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
}

/// <summary>Membership failure detection: probe often, declare death on one vote, read the table often.</summary>
public sealed class MembershipTiming
{
    /// <summary>How long a probe waits for an answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo suspects another.</summary>
    [Range(1, 100)]
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>Suspicions needed to declare a silo dead (1 suits two or three silos on one network).</summary>
    [Range(1, 100)]
    public int NumVotesForDeathDeclaration { get; set; } = 1;

    /// <summary>How often a silo reads the membership table.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a silo writes its I-am-alive time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Dead silos' rows older than this are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often dead silos' rows are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DefunctSiloCleanupPeriod { get; set; } = TimeSpan.FromMinutes(10);
}
