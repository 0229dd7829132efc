using System.Text.Json;
using Microsoft.Extensions.Logging;
using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Recovery.Communications;

/// <summary>
/// The file adapter: each message is one JSON file, <c>{Folder}/{ebox|letters}/{dossier}.{communication}.json</c>,
/// written whole (a temporary file moved into place) so that a reader never sees half a message; a second attempt
/// of the same communication rewrites the same file. The folder is 0700 and each file 0600: they hold personal data.
/// </summary>
public sealed class FileDelivery(DeliveryAdapterOptions options, TimeProvider time, ILogger<FileDelivery> logger) : ICommunicationDelivery
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The folder messages of <paramref name="channel"/> are written to.</summary>
    public string FolderOf(NoticeChannel channel) =>
        Path.Combine(Path.GetFullPath(options.Folder), channel == NoticeChannel.EBox ? "ebox" : "letters");

    /// <summary>The file of one message.</summary>
    public string PathOf(NoticeChannel channel, string dossierId, string communicationId) =>
        Path.Combine(FolderOf(channel), $"{Safe(dossierId)}.{Safe(communicationId)}.json");

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var folder = FolderOf(message.Channel);
        var target = PathOf(message.Channel, message.DossierId, message.CommunicationId);
        var temporary = target + ".tmp";
        try
        {
            CreatePrivateFolder(folder);
            var content = new
            {
                message.DossierId,
                message.CommunicationId,
                message.Reference,
                message.Kind,
                message.Channel,
                message.Attempt,
                WrittenAt = time.GetUtcNow(),
                message.Recipient,
                message.Subject,
                message.Body,
            };
            var stream = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
            if (!OperatingSystem.IsWindows())
            {
                stream.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(temporary, stream))
            {
                await JsonSerializer.SerializeAsync(file, content, Json, cancellationToken);
            }

            File.Move(temporary, target, overwrite: true);
            return DeliveryResult.Sent;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            // The path names no one (dossier and communication ids); the exception's text is not logged.
            logger.LogWarning("Communication {CommunicationId} of dossier {DossierId} not written ({Error})", message.CommunicationId, message.DossierId, e.GetType().Name);
            return DeliveryResult.Transient("file-" + e.GetType().Name);
        }
    }

    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary file left behind is rewritten by the next attempt.
        }
    }

    // Ids are the platform's own; anything outside a conservative set is replaced so a name never leaves its folder.
    private static string Safe(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
