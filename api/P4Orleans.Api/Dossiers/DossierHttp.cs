using P4Orleans.Api.Problems;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Documents;

namespace P4Orleans.Api.Dossiers;

/// <summary>What the dossier endpoints share: paging bounds and reading a document body.</summary>
internal static class DossierHttp
{
    /// <summary>
    /// Request content types a document upload may declare besides application/octet-stream. The endpoint's
    /// accepted types are enforced by routing (415 otherwise); the real type is then checked from the content.
    /// </summary>
    public static readonly string[] DocumentTypes = ["application/pdf", "image/tiff", "image/png", "image/jpeg"];

    public static int Limit(int? limit) => limit is null ? 100 : limit is >= 1 and <= 1000
        ? limit.Value
        : throw new ValidationFailedException("limit", "limit must be between 1 and 1000.");

    /// <summary>Stores the request body as a document of the dossier, then lets the grain attach it (or undoes the upload).</summary>
    public static async Task<DocumentUpload> StoreDocumentAsync(HttpRequest request, string dossierId, DocumentKind kind, Guid? userId,
        DocumentStore documents, Func<DocumentUpload, Task> attach, CancellationToken ct)
    {
        // Too large is 413 whether the size is declared (refused before reading) or found while reading a chunked body.
        var tooLarge = $"The document is larger than {DocumentStore.MaxBytes / (1024 * 1024)} MiB.";
        if (request.ContentLength > DocumentStore.MaxBytes)
        {
            throw new PayloadTooLargeException(tooLarge);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > DocumentStore.MaxBytes)
            {
                throw new PayloadTooLargeException(tooLarge);
            }
            buffer.Write(chunk, 0, read);
        }
        return await StoreContentAsync(buffer.ToArray(), dossierId, kind, userId, documents, attach, ct);
    }

    /// <summary>
    /// Stores <paramref name="content"/> (already read, at most <see cref="DocumentStore.MaxBytes"/>) as a document of the dossier,
    /// then lets the grain attach it, or undoes the upload: the API's body and the console's form file go the same way.
    /// </summary>
    public static async Task<DocumentUpload> StoreContentAsync(byte[] content, string dossierId, DocumentKind kind, Guid? userId,
        DocumentStore documents, Func<DocumentUpload, Task> attach, CancellationToken ct)
    {
        var stored = await documents.AddAsync(dossierId, kind.ToString(), content, userId, ct);
        var upload = new DocumentUpload(stored.Id.ToString(), kind, stored.ContentType, stored.SizeBytes, stored.Sha256);
        try
        {
            await attach(upload);
        }
        catch
        {
            // The dossier refused it (wrong state, say): nothing of the upload stays.
            await documents.DeleteAsync(stored.Id, CancellationToken.None);
            throw;
        }
        return upload;
    }
}
