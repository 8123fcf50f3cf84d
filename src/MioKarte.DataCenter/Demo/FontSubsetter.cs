using System.Runtime.InteropServices;

namespace MioKarte.DataCenter.Demo;

/// <summary>
/// Subsets a TrueType font to the characters a document uses, with HarfBuzz's subsetter (the native
/// library shipped by HarfBuzzSharp.NativeAssets.Linux). Skia embeds whatever font it is handed:
/// the whole IPAex Gothic makes a 4 MB letter, and its shared glyphs turn 用 into ⽤ in the PDF's
/// text layer. A subset avoids both.
/// </summary>
internal static partial class FontSubsetter
{
    private const string HarfBuzz = "libHarfBuzzSharp";

    /// <summary>The subset font, or null when the native subsetter is not available (the caller then embeds the whole font).</summary>
    public static byte[]? Subset(string fontPath, string text)
    {
        try
        {
            return SubsetCore(fontPath, text);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return null;
        }
    }

    private static byte[]? SubsetCore(string fontPath, string text)
    {
        var blob = hb_blob_create_from_file_or_fail(fontPath);
        if (blob == IntPtr.Zero)
        {
            return null;
        }

        var face = hb_face_create(blob, 0);
        var input = hb_subset_input_create_or_fail();
        var subset = IntPtr.Zero;
        var subsetBlob = IntPtr.Zero;
        try
        {
            if (input == IntPtr.Zero)
            {
                return null;
            }

            var unicodes = hb_subset_input_unicode_set(input);
            foreach (var rune in text.EnumerateRunes())
            {
                hb_set_add(unicodes, (uint)rune.Value);
            }

            subset = hb_subset_or_fail(face, input);
            if (subset == IntPtr.Zero)
            {
                return null;
            }

            subsetBlob = hb_face_reference_blob(subset);
            var data = hb_blob_get_data(subsetBlob, out var length);
            if (data == IntPtr.Zero || length == 0)
            {
                return null;
            }

            var bytes = new byte[length];
            Marshal.Copy(data, bytes, 0, (int)length);
            return bytes;
        }
        finally
        {
            if (subsetBlob != IntPtr.Zero)
            {
                hb_blob_destroy(subsetBlob);
            }

            if (subset != IntPtr.Zero)
            {
                hb_face_destroy(subset);
            }

            if (input != IntPtr.Zero)
            {
                hb_subset_input_destroy(input);
            }

            hb_face_destroy(face);
            hb_blob_destroy(blob);
        }
    }

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr hb_blob_create_from_file_or_fail(string fileName);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_face_create(IntPtr blob, uint index);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_subset_input_create_or_fail();

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_subset_input_unicode_set(IntPtr input);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial void hb_set_add(IntPtr set, uint codepoint);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_face_reference_blob(IntPtr face);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_blob_get_data(IntPtr blob, out uint length);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial void hb_blob_destroy(IntPtr blob);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial void hb_face_destroy(IntPtr face);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport(HarfBuzz)]
    private static partial void hb_subset_input_destroy(IntPtr input);
}