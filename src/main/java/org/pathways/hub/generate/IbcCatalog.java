package org.pathways.hub.generate;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pathways.hub.parse.DelimitedReader;
import org.pathways.hub.parse.RawRecord;

/**
 * The TEA industry-based certifications, from the reference list the validator also uses ({@code
 * reference/tx/tx-ibc-codes.csv}), each with the vendor that examines it where the name tells.
 */
final class IbcCatalog {

  record Ibc(String code, String name, String vendorCode) {}

  private static final String RESOURCE = "reference/tx/tx-ibc-codes.csv";

  /** Vendors that the certification names call by a shorter name than the vendor list does. */
  private static final Map<String, String> VENDOR_ALIASES =
      Map.of(
          "ASE ", "Automotive Service Excellence",
          "Microsoft ", "Certiport",
          "Autodesk ", "Certiport",
          "National Metal Working ", "NIMS",
          "Cisco ", "PearsonVue",
          "Comp TIA ", "PearsonVue");

  private final List<Ibc> certifications;

  private IbcCatalog(List<Ibc> certifications) {
    this.certifications = List.copyOf(certifications);
  }

  static IbcCatalog load() {
    List<String[]> vendors = new ArrayList<>();
    List<String[]> certs = new ArrayList<>();
    boolean header = true;
    for (String line : Resources.lines(RESOURCE)) {
      if (header) {
        header = false;
        continue;
      }
      String[] f = splitCsv(line);
      if (f.length < 3) {
        throw new IllegalStateException(RESOURCE + ": bad line '" + line + "'");
      }
      if ("IBCVendorDescriptor".equals(f[0])) {
        vendors.add(f);
      } else if ("PostSecondaryCertificationLicensureDescriptor".equals(f[0])) {
        certs.add(f);
      }
    }
    List<Ibc> out = new ArrayList<>();
    for (String[] c : certs) {
      out.add(new Ibc(c[1], c[2], vendorOf(c[2], vendors)));
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " lists no certifications");
    }
    return new IbcCatalog(out);
  }

  List<Ibc> all() {
    return certifications;
  }

  private static String vendorOf(String certification, List<String[]> vendors) {
    String name = certification.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> alias : VENDOR_ALIASES.entrySet()) {
      if (certification.startsWith(alias.getKey())) {
        name = alias.getValue().toLowerCase(Locale.ROOT);
      }
    }
    for (String[] v : vendors) {
      if (name.startsWith(v[2].toLowerCase(Locale.ROOT))) {
        return v[1];
      }
    }
    return null;
  }

  /** One line of the reference CSV, read by the hub's own delimited-text reader. */
  private static String[] splitCsv(String line) {
    RawRecord rec = new DelimitedReader(new StringReader(line), ',', 1 << 16).next();
    return rec == null || rec.isBroken() ? new String[0] : rec.fields().toArray(new String[0]);
  }
}
