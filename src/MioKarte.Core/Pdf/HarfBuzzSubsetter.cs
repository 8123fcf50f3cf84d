using System.Runtime.InteropServices;

namespace MioKarte.Core.Pdf;

/// <summary>
/// Cuts a TrueType font down to the code points a document draws, with HarfBuzz's subsetter
/// (hb-subset), called through the native <c>libHarfBuzzSharp</c> that HarfBuzzSharp.NativeAssets
/// already ships; the managed HarfBuzzSharp binding does not wrap hb-subset.
/// </summary>
/// <remarks>
/// Why subset at all: Skia's PDF backend (as built for SkiaSharp) embeds the whole 6 MB font, and
/// builds its ToUnicode map by inverting the font's cmap, so a glyph shared by 用 (U+7528) and the
/// Kangxi radical ⽤ (U+2F64) extracts as the radical. A subset whose cmap holds exactly the used code
/// points leaves one code point per glyph, so copied and extracted text is what was drawn.
/// </remarks>
internal sealed partial class HarfBuzzSubsetter
{
    // The name HarfBuzzSharp itself imports, so the runtime resolves the same file from the
    // application's deps.json (runtimes/{rid}/native/, probed before any search path) instead of a
    // system libharfbuzz. SafeDirectories (CA5393) only matters on Windows, where it excludes the
    // current directory.
    private const string Library = "libHarfBuzzSharp";

    private const int MemoryModeReadOnly = 1; // HB_MEMORY_MODE_READONLY

    // hb_subset_flags_t. Hinting: PDF viewers rasterise without TrueType hints, and dropping them
    // halves a CJK subset. Notdef outline: a character missing from the font shows as a box, not
    // nothing. No layout closure: we draw unshaped text, so GSUB alternates (vertical forms, ruby)
    // would only add glyphs that nothing references.
    private const uint FlagNoHinting = 0x1;
    private const uint FlagNotdefOutline = 0x40;
    private const uint FlagNoLayoutClosure = 0x200;

    private readonly IntPtr _fontData;
    private readonly IntPtr _face;
    private readonly Lock _gate = new();

    /// <summary>
    /// Copies <paramref name="font"/> into native memory and opens it as a HarfBuzz face. The copy
    /// and the face live as long as the process (one instance per font, held in a static), so the
    /// blob never points into movable managed memory.
    /// </summary>
    public HarfBuzzSubsetter(ReadOnlySpan<byte> font)
    {
        _fontData = Marshal.AllocHGlobal(font.Length);
        font.CopyTo(AsSpan(_fontData, font.Length));
        var blob = BlobCreate(_fontData, (uint)font.Length, MemoryModeReadOnly, IntPtr.Zero, IntPtr.Zero);
        try
        {
            _face = FaceCreate(blob, 0); // the face keeps its own reference to the blob
        }
        finally
        {
            BlobDestroy(blob);
        }
    }

    /// <summary>Returns a standalone TrueType font holding only <paramref name="codePoints"/> (and .notdef).</summary>
    public byte[] Subset(IEnumerable<int> codePoints)
    {
        // hb objects are thread-safe to read, but a subset is cheap and cached by the caller:
        // serialising keeps the native side simple to reason about.
        lock (_gate)
        {
            var input = SubsetInputCreateOrFail();
            if (input == IntPtr.Zero)
            {
                throw new InvalidOperationException("HarfBuzz could not allocate a subset input.");
            }

            var subsetFace = IntPtr.Zero;
            var subsetBlob = IntPtr.Zero;
            try
            {
                SubsetInputSetFlags(input, FlagNoHinting | FlagNotdefOutline | FlagNoLayoutClosure);
                var unicodes = SubsetInputUnicodeSet(input); // owned by the input
                foreach (var codePoint in codePoints)
                {
                    SetAdd(unicodes, (uint)codePoint);
                }

                subsetFace = SubsetOrFail(_face, input);
                if (subsetFace == IntPtr.Zero)
                {
                    throw new InvalidOperationException("HarfBuzz failed to subset the font.");
                }

                subsetBlob = FaceReferenceBlob(subsetFace);
                var data = BlobGetData(subsetBlob, out var length);
                if (data == IntPtr.Zero || length == 0)
                {
                    throw new InvalidOperationException("HarfBuzz returned an empty subset.");
                }

                return AsSpan(data, checked((int)length)).ToArray();
            }
            finally
            {
                if (subsetBlob != IntPtr.Zero)
                {
                    BlobDestroy(subsetBlob);
                }

                if (subsetFace != IntPtr.Zero)
                {
                    FaceDestroy(subsetFace);
                }

                SubsetInputDestroy(input);
            }
        }
    }

    private static unsafe Span<byte> AsSpan(IntPtr pointer, int length) => new((void*)pointer, length);

    // Entry points checked with `nm -D libHarfBuzzSharp.so` (HarfBuzzSharp.NativeAssets.Linux 14.4.0).
    [LibraryImport(Library, EntryPoint = "hb_blob_create")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial IntPtr BlobCreate(IntPtr data, uint length, int mode, IntPtr userData, IntPtr destroy);

    [LibraryImport(Library, EntryPoint = "hb_blob_destroy")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial void BlobDestroy(IntPtr blob);

    [LibraryImport(Library, EntryPoint = "hb_blob_get_data")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial IntPtr BlobGetData(IntPtr blob, out uint length);

    [LibraryImport(Library, EntryPoint = "hb_face_create")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial IntPtr FaceCreate(IntPtr blob, uint index);

    [LibraryImport(Library, EntryPoint = "hb_face_destroy")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial void FaceDestroy(IntPtr face);

    [LibraryImport(Library, EntryPoint = "hb_face_reference_blob")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial IntPtr FaceReferenceBlob(IntPtr face);

    [LibraryImport(Library, EntryPoint = "hb_set_add")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial void SetAdd(IntPtr set, uint codePoint);

    [LibraryImport(Library, EntryPoint = "hb_subset_input_create_or_fail")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial IntPtr SubsetInputCreateOrFail();

    [LibraryImport(Library, EntryPoint = "hb_subset_input_destroy")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial void SubsetInputDestroy(IntPtr input);

    [LibraryImport(Library, EntryPoint = "hb_subset_input_set_flags")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial void SubsetInputSetFlags(IntPtr input, uint flags);

    [LibraryImport(Library, EntryPoint = "hb_subset_input_unicode_set")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial IntPtr SubsetInputUnicodeSet(IntPtr input);

    [LibraryImport(Library, EntryPoint = "hb_subset_or_fail")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial IntPtr SubsetOrFail(IntPtr face, IntPtr input);
}
