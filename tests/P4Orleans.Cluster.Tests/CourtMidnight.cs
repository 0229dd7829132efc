using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace P4Orleans.Cluster.Tests;

/// <summary>
/// A court time zone whose midnight falls at a chosen instant, so that a real-clock cluster has a deadline
/// due seconds from now. Every dossier deadline ends at local midnight (LegalClock.EndOf); with
/// <c>Dossier:ServiceDeadlineDays=0</c> an acceptance before <see cref="Midnight"/> makes the service deadline
/// due exactly then. The nodes read the zone through <c>TZDIR</c> (a folder holding the system's zones,
/// linked, plus this one) and <c>Law:TimeZoneId</c>. .NET keeps whole minutes of a zone's offset, so the
/// midnight is a whole UTC minute.
/// </summary>
public sealed class CourtMidnight
{
    /// <summary>The zone's id under <see cref="Directory"/>.</summary>
    public const string ZoneId = "P4Orleans/CourtMidnight";

    private CourtMidnight(string directory, DateTimeOffset midnight, TimeSpan offset)
    {
        Directory = directory;
        Midnight = midnight;
        Offset = offset;
    }

    /// <summary>The folder to give the nodes as <c>TZDIR</c>.</summary>
    public string Directory { get; }

    /// <summary>The instant (UTC) at which the court's local date changes.</summary>
    public DateTimeOffset Midnight { get; }

    /// <summary>The zone's fixed offset from UTC.</summary>
    public TimeSpan Offset { get; }

    /// <summary>Writes a zone whose next midnight is the first whole UTC minute at or after <paramref name="notBefore"/>.</summary>
    public static CourtMidnight Create(string folder, DateTimeOffset notBefore)
    {
        var utc = notBefore.ToUniversalTime();
        var midnight = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
        if (midnight < utc)
        {
            midnight = midnight.AddMinutes(1);
        }
        // Local = UTC + offset is 00:00 at the midnight: the offset is minus its time of day, kept within +/-12 h.
        var offset = -midnight.TimeOfDay;
        if (offset <= TimeSpan.FromHours(-12))
        {
            offset += TimeSpan.FromDays(1);
        }

        var directory = Path.Combine(folder, "zoneinfo");
        System.IO.Directory.CreateDirectory(directory);
        LinkSystemZones(directory);
        var file = Path.Combine(directory, ZoneId);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, FixedOffsetZone((int)offset.TotalSeconds));
        return new CourtMidnight(directory, midnight, offset);
    }

    /// <summary>The other zones (Europe/Brussels first of all) stay reachable under the new TZDIR.</summary>
    private static void LinkSystemZones(string directory)
    {
        var system = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } dir ? dir : "/usr/share/zoneinfo";
        if (!System.IO.Directory.Exists(system))
        {
            throw new InvalidOperationException($"No time zone database at {system}: the cluster test needs the system's tzdata.");
        }
        foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(system))
        {
            var link = Path.Combine(directory, Path.GetFileName(entry));
            if (!Path.Exists(link))
            {
                File.CreateSymbolicLink(link, entry);
            }
        }
    }

    /// <summary>A TZif (RFC 8536) version 2 file with no transitions and one local time type.</summary>
    private static byte[] FixedOffsetZone(int offsetSeconds)
    {
        var abbreviation = Encoding.ASCII.GetBytes("P4\0");
        var type = new byte[6];
        BinaryPrimitives.WriteInt32BigEndian(type, offsetSeconds);
        using var stream = new MemoryStream();
        // The version 1 block, then the version 2 block (64-bit times), each: header, one type, its abbreviation.
        for (var block = 0; block < 2; block++)
        {
            var header = new byte[44];
            "TZif"u8.CopyTo(header);
            header[4] = (byte)'2';
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(36), 1);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(40), abbreviation.Length);
            stream.Write(header);
            stream.Write(type);
            stream.Write(abbreviation);
        }
        // The POSIX rule for times after the table (the sign is the opposite of the offset's).
        var magnitude = TimeSpan.FromSeconds(Math.Abs(offsetSeconds));
        var posix = string.Create(CultureInfo.InvariantCulture,
            $"<P4>{(offsetSeconds > 0 ? "-" : "+")}{(int)magnitude.TotalHours:D2}:{magnitude.Minutes:D2}");
        stream.Write(Encoding.ASCII.GetBytes("\n" + posix + "\n"));
        return stream.ToArray();
    }
}
