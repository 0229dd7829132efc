using System.ComponentModel.DataAnnotations;

namespace P4Orleans.Silo.Embedded;

/// <summary>Settings of the private PostgreSQL started when no connection string is configured (section <c>Embedded</c>).</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>The folder holding the cluster, its socket and its log. Relative paths start in the working directory.</summary>
    public string DataDirectory { get; set; } = ".p4orleans/postgres";

    /// <summary>The database the platform uses, created on first start.</summary>
    public string Database { get; set; } = "p4orleans";

    /// <summary>The cluster's superuser: the only role allowed in, with the generated password (SCRAM).</summary>
    public string User { get; set; } = "p4orleans";

    /// <summary>The port number (names the Unix socket; also the TCP port when <see cref="ListenAddress"/> is set).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 5432;

    /// <summary>A loopback address to listen on besides the Unix socket (for example 127.0.0.1); empty for socket only.</summary>
    public string ListenAddress { get; set; } = "";

    /// <summary>When false (tests), fsync and synchronous commit are off: fast, not crash-safe.</summary>
    public bool Durable { get; set; } = true;

    /// <summary>Install Debian's postgresql package when the binaries are missing and the process is root.</summary>
    public bool AutoInstall { get; set; } = true;

    /// <summary>The unprivileged account PostgreSQL runs as when the program runs as root.</summary>
    public string RunAsUser { get; set; } = "postgres";

    /// <summary>Maximum number of server connections.</summary>
    [Range(10, 10_000)]
    public int MaxConnections { get; set; } = 300;

    /// <summary>Shared buffers, as PostgreSQL reads it (for example 256MB).</summary>
    public string SharedBuffers { get; set; } = "256MB";

    /// <summary>Watch the server and start it again when it goes away (the platform's own process supervises it).</summary>
    public bool Supervise { get; set; } = true;

    /// <summary>How often the supervisor looks at the postmaster.</summary>
    public TimeSpan SuperviseInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait before the first restart; doubled after each failed one, up to <see cref="RestartBackoffMax"/>.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two restarts.</summary>
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromSeconds(30);
}
