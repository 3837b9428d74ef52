/**
 * STIX 2.1 vocabularies (§10). Open vocabularies (`-ov`) list suggested values: others are
 * legal and only draw a warning. Enumerations (`-enum`) are closed: any other value is an
 * error. Each is a ReadonlySet, built once, so the validator's membership test is one lookup.
 */

/** Names of the open vocabularies of STIX 2.1 §10. */
export type OpenVocabName =
  | "account-type-ov"
  | "attack-motivation-ov"
  | "attack-resource-level-ov"
  | "grouping-context-ov"
  | "hashing-algorithm-ov"
  | "identity-class-ov"
  | "implementation-language-ov"
  | "indicator-type-ov"
  | "industry-sector-ov"
  | "infrastructure-type-ov"
  | "malware-result-ov"
  | "malware-capabilities-ov"
  | "malware-type-ov"
  | "pattern-type-ov"
  | "processor-architecture-ov"
  | "region-ov"
  | "report-type-ov"
  | "threat-actor-type-ov"
  | "threat-actor-role-ov"
  | "threat-actor-sophistication-ov"
  | "tool-type-ov"
  | "windows-pebinary-type-ov";

/** Names of the closed enumerations of STIX 2.1 §10. */
export type EnumName =
  | "encryption-algorithm-enum"
  | "extension-type-enum"
  | "network-socket-address-family-enum"
  | "network-socket-type-enum"
  | "opinion-enum"
  | "windows-integrity-level-enum"
  | "windows-registry-datatype-enum"
  | "windows-service-start-type-enum"
  | "windows-service-type-enum"
  | "windows-service-status-enum"
  | "tlp-level-enum";

const words = (text: string): ReadonlySet<string> => new Set(text.trim().split(/\s+/));

/** The suggested values of every open vocabulary. */
export const OPEN_VOCABULARIES: Readonly<Record<OpenVocabName, ReadonlySet<string>>> = {
  "account-type-ov": words("facebook ldap nis openid radius skype tacacs twitter unix windows-local windows-domain"),
  "attack-motivation-ov": words(
    "accidental coercion dominance ideology notoriety organizational-gain personal-gain personal-satisfaction revenge unpredictable",
  ),
  "attack-resource-level-ov": words("individual club contest team organization government"),
  "grouping-context-ov": words("suspicious-activity malware-analysis unspecified"),
  "hashing-algorithm-ov": words("MD5 SHA-1 SHA-256 SHA-512 SHA3-256 SHA3-512 SSDEEP TLSH"),
  "identity-class-ov": words("individual group system organization class unknown"),
  "implementation-language-ov": words(
    "applescript bash c c++ c# go java javascript lua objective-c perl php powershell python ruby scala swift typescript visual-basic x86-32 x86-64",
  ),
  "indicator-type-ov": words(
    "anomalous-activity anonymization benign compromised malicious-activity attribution unknown",
  ),
  "industry-sector-ov": words(
    `agriculture aerospace automotive chemical commercial communications construction defense education energy
     entertainment financial-services government emergency-services government-local government-national
     government-public-services government-regional healthcare hospitality-leisure infrastructure dams nuclear water
     insurance manufacturing mining non-profit pharmaceuticals retail technology telecommunications transportation utilities`,
  ),
  "infrastructure-type-ov": words(
    `amplification anonymization botnet command-and-control control-system exfiltration firewall hosting-malware
     hosting-target-lists phishing reconnaissance routers-switches staging workstation unknown`,
  ),
  "malware-result-ov": words("malicious suspicious benign unknown"),
  "malware-capabilities-ov": words(
    `accesses-remote-machines anti-debugging anti-disassembly anti-emulation anti-memory-forensics anti-sandbox anti-vm
     captures-input-peripherals captures-output-peripherals captures-system-state-data cleans-traces-of-infection
     commits-fraud communicates-with-c2 compromises-data-availability compromises-data-integrity
     compromises-system-availability controls-local-machine degrades-security-software degrades-system-updates
     determines-c2-server emails-spam escalates-privileges evades-av exfiltrates-data fingerprints-host hides-artifacts
     hides-executing-code infects-files infects-remote-machines installs-other-components persists-after-system-reboot
     prevents-artifact-access prevents-artifact-deletion probes-network-environment self-modifies
     steals-authentication-credentials violates-system-operational-integrity`,
  ),
  "malware-type-ov": words(
    `adware backdoor bot bootkit ddos downloader dropper exploit-kit keylogger ransomware remote-access-trojan
     resource-exploitation rogue-security-software rootkit screen-capture spyware trojan unknown virus webshell wiper worm`,
  ),
  "pattern-type-ov": words("stix pcre sigma snort suricata yara"),
  "processor-architecture-ov": words("alpha arm ia-64 mips powerpc sparc x86 x86-64"),
  "region-ov": words(
    `africa eastern-africa middle-africa northern-africa southern-africa western-africa americas latin-america-caribbean
     south-america caribbean central-america northern-america asia central-asia eastern-asia southern-asia
     south-eastern-asia western-asia europe eastern-europe northern-europe southern-europe western-europe oceania
     antarctica australia-new-zealand melanesia micronesia polynesia`,
  ),
  "report-type-ov": words(
    "attack-pattern campaign identity indicator intrusion-set malware observed-data threat-actor threat-report tool vulnerability",
  ),
  "threat-actor-type-ov": words(
    "activist competitor crime-syndicate criminal hacker insider-accidental insider-disgruntled nation-state sensationalist spy terrorist unknown",
  ),
  "threat-actor-role-ov": words(
    "agent director independent infrastructure-architect infrastructure-operator malware-author sponsor",
  ),
  "threat-actor-sophistication-ov": words("none minimal intermediate advanced expert innovator strategic"),
  "tool-type-ov": words(
    "denial-of-service exploitation information-gathering network-capture credential-exploitation remote-access vulnerability-scanning unknown",
  ),
  "windows-pebinary-type-ov": words("dll exe sys"),
};

/** The values of every closed enumeration. */
export const ENUMERATIONS: Readonly<Record<EnumName, ReadonlySet<string>>> = {
  "encryption-algorithm-enum": words("AES-256-GCM ChaCha20-Poly1305 mime-type-indicated"),
  "extension-type-enum": words("new-sdo new-sco new-sro property-extension toplevel-property-extension"),
  "network-socket-address-family-enum": words(
    "AF_UNSPEC AF_INET AF_IPX AF_APPLETALK AF_NETBIOS AF_INET6 AF_IRDA AF_BTH",
  ),
  "network-socket-type-enum": words("SOCK_STREAM SOCK_DGRAM SOCK_RAW SOCK_RDM SOCK_SEQPACKET"),
  "opinion-enum": words("strongly-disagree disagree neutral agree strongly-agree"),
  "windows-integrity-level-enum": words("low medium high system"),
  "windows-registry-datatype-enum": words(
    `REG_NONE REG_SZ REG_EXPAND_SZ REG_BINARY REG_DWORD REG_DWORD_BIG_ENDIAN REG_DWORD_LITTLE_ENDIAN REG_LINK
     REG_MULTI_SZ REG_RESOURCE_LIST REG_FULL_RESOURCE_DESCRIPTION REG_RESOURCE_REQUIREMENTS_LIST REG_QWORD REG_INVALID_TYPE`,
  ),
  "windows-service-start-type-enum": words(
    "SERVICE_AUTO_START SERVICE_BOOT_START SERVICE_DEMAND_START SERVICE_DISABLED SERVICE_SYSTEM_ALERT",
  ),
  "windows-service-type-enum": words(
    "SERVICE_KERNEL_DRIVER SERVICE_FILE_SYSTEM_DRIVER SERVICE_WIN32_OWN_PROCESS SERVICE_WIN32_SHARE_PROCESS",
  ),
  "windows-service-status-enum": words(
    `SERVICE_CONTINUE_PENDING SERVICE_PAUSE_PENDING SERVICE_PAUSED SERVICE_RUNNING SERVICE_START_PENDING
     SERVICE_STOP_PENDING SERVICE_STOPPED`,
  ),
  // The TLP 1.0 marking object of §7.2.1.4: `definition.tlp`.
  "tlp-level-enum": words("white green amber red"),
};
