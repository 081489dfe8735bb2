@ocpp201 @csms @blockM
Feature: M ISO 15118 Certificate Management - the CSMS under test manages the station's certificates
  OCTT test cases TC_M_xx_CSMS (OCPP 2.0.1 Part 6). The certificates the CSMS installs are the
  suite's test roots (certs/); the test station keeps a truststore with the four roots and a V2G
  certificate chain, and answers from it. OCSP questions go to the suite's OCSP responder, which
  the CSMS must be able to reach (OCSP_RESPONDER_URL). M_26 and M_28 need a certificate
  provisioning service behind the CSMS (@cps).

  Background:
    Given the test station is in state Booted

  @TC_M_01_CSMS
  Scenario: TC_M_01_CSMS Install CA certificate - CSMSRootCertificate
    When the CSMS is asked to install the CSMSRootCertificate on the test station
    Then the CSMS sends InstallCertificate with the configured CSMSRootCertificate
    And the CSMS reports the test station's answer to InstallCertificate with status "Accepted"

  @TC_M_02_CSMS
  Scenario: TC_M_02_CSMS Install CA certificate - ManufacturerRootCertificate
    When the CSMS is asked to install the ManufacturerRootCertificate on the test station
    Then the CSMS sends InstallCertificate with the configured ManufacturerRootCertificate
    And the CSMS reports the test station's answer to InstallCertificate with status "Accepted"

  @TC_M_03_CSMS
  Scenario: TC_M_03_CSMS Install CA certificate - V2GRootCertificate
    # Not in the 2023-06 Part 6 text; as TC_M_01 for the V2GRootCertificate (public OCTT-style suite).
    When the CSMS is asked to install the V2GRootCertificate on the test station
    Then the CSMS sends InstallCertificate with the configured V2GRootCertificate
    And the CSMS reports the test station's answer to InstallCertificate with status "Accepted"

  @TC_M_04_CSMS
  Scenario: TC_M_04_CSMS Install CA certificate - MORootCertificate
    # Not in the 2023-06 Part 6 text; as TC_M_01 for the MORootCertificate (public OCTT-style suite).
    When the CSMS is asked to install the MORootCertificate on the test station
    Then the CSMS sends InstallCertificate with the configured MORootCertificate
    And the CSMS reports the test station's answer to InstallCertificate with status "Accepted"

  @TC_M_05_CSMS
  Scenario: TC_M_05_CSMS Install CA certificate - Failed
    Given the test station will answer InstallCertificate with status "Failed"
    When the CSMS is asked to install the CSMSRootCertificate on the test station
    Then the CSMS sends InstallCertificate with the configured CSMSRootCertificate
    And the CSMS reports the test station's answer to InstallCertificate with status "Failed"
    When the test station sends Heartbeat
    Then the CSMS answers Heartbeat with currentTime "(present)"

  @TC_M_12_CSMS
  Scenario Outline: TC_M_12_CSMS Retrieve certificates from Charging Station - CSMSRootCertificate (<algorithm>)
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite: reusable state
    # GetInstalledCertificates, with the station's hash data in each hash algorithm.
    Given the test station reports its certificate hash data with <algorithm>
    When the CSMS is asked for the installed certificates of type CSMSRootCertificate
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                   |
      | certificateType | ["CSMSRootCertificate"] |
    And the CSMS reports that the test station answered GetInstalledCertificateIds with
      | field                                                        | value               |
      | status                                                       | Accepted            |
      | certificateHashDataChain[0].certificateType                  | CSMSRootCertificate |
      | certificateHashDataChain[0].certificateHashData.hashAlgorithm | <algorithm>         |

    Examples:
      | algorithm |
      | SHA256    |
      | SHA384    |
      | SHA512    |

  @TC_M_13_CSMS
  Scenario: TC_M_13_CSMS Retrieve certificates from Charging Station - ManufacturerRootCertificate
    When the CSMS is asked for the installed certificates of type ManufacturerRootCertificate
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                           |
      | certificateType | ["ManufacturerRootCertificate"] |
    And the CSMS reports that the test station answered GetInstalledCertificateIds with
      | field                                       | value                       |
      | status                                      | Accepted                    |
      | certificateHashDataChain[0].certificateType | ManufacturerRootCertificate |

  @TC_M_14_CSMS
  Scenario: TC_M_14_CSMS Retrieve certificates from Charging Station - V2GRootCertificate
    # Not in the 2023-06 Part 6 text; reusable state GetInstalledCertificates (public OCTT-style suite).
    When the CSMS is asked for the installed certificates of type V2GRootCertificate
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                  |
      | certificateType | ["V2GRootCertificate"] |
    And the CSMS reports that the test station answered GetInstalledCertificateIds with
      | field                                       | value              |
      | status                                      | Accepted           |
      | certificateHashDataChain[0].certificateType | V2GRootCertificate |

  @TC_M_15_CSMS
  Scenario: TC_M_15_CSMS Retrieve certificates from Charging Station - V2GCertificateChain
    # Not in the 2023-06 Part 6 text; reusable state GetInstalledCertificates (public OCTT-style
    # suite). M03.FR.05: the sub-CA comes as childCertificateHashData of the V2G certificate.
    When the CSMS is asked for the installed certificates of type V2GCertificateChain
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                   |
      | certificateType | ["V2GCertificateChain"] |
    And the CSMS reports that the test station answered GetInstalledCertificateIds with
      | field                                                      | value               |
      | status                                                     | Accepted            |
      | certificateHashDataChain[0].certificateType                | V2GCertificateChain |
      | certificateHashDataChain[0].childCertificateHashData[0].serialNumber | (present) |

  @TC_M_16_CSMS
  Scenario: TC_M_16_CSMS Retrieve certificates from Charging Station - MORootCertificate
    # Not in the 2023-06 Part 6 text; reusable state GetInstalledCertificates (public OCTT-style suite).
    When the CSMS is asked for the installed certificates of type MORootCertificate
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                 |
      | certificateType | ["MORootCertificate"] |
    And the CSMS reports that the test station answered GetInstalledCertificateIds with
      | field                                       | value             |
      | status                                      | Accepted          |
      | certificateHashDataChain[0].certificateType | MORootCertificate |

  @TC_M_17_CSMS
  Scenario: TC_M_17_CSMS Retrieve certificates from Charging Station - CSMSRootCertificate & ManufacturerRootCertificate
    # Not in the 2023-06 Part 6 text; reusable state GetInstalledCertificates for both types
    # (public OCTT-style suite).
    When the CSMS is asked for the installed certificates of type CSMSRootCertificate and ManufacturerRootCertificate
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                                                  |
      | certificateType | ["CSMSRootCertificate", "ManufacturerRootCertificate"] |
    And the CSMS reports that the test station answered GetInstalledCertificateIds with
      | field                                       | value                       |
      | status                                      | Accepted                    |
      | certificateHashDataChain[0].certificateType | CSMSRootCertificate         |
      | certificateHashDataChain[1].certificateType | ManufacturerRootCertificate |

  @TC_M_18_CSMS
  Scenario: TC_M_18_CSMS Retrieve certificates from Charging Station - All certificateTypes
    When the CSMS is asked for all installed certificates
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value    |
      | certificateType | (absent) |
    And the CSMS reports that the test station answered GetInstalledCertificateIds with
      | field                                       | value               |
      | status                                      | Accepted            |
      | certificateHashDataChain[4].certificateType | V2GCertificateChain |

  @TC_M_19_CSMS
  Scenario: TC_M_19_CSMS Retrieve certificates from Charging Station - No matching certificate found
    Given the test station has no ManufacturerRootCertificate installed
    When the CSMS is asked for the installed certificates of type ManufacturerRootCertificate
    Then the CSMS sends GetInstalledCertificateIds with
      | field           | value                           |
      | certificateType | ["ManufacturerRootCertificate"] |
    And the CSMS reports that the test station answered GetInstalledCertificateIds with
      | field                    | value    |
      | status                   | NotFound |
      | certificateHashDataChain | (absent) |
    When the test station sends Heartbeat
    Then the CSMS answers Heartbeat with currentTime "(present)"

  @TC_M_20_CSMS
  Scenario Outline: TC_M_20_CSMS Delete a certificate from a Charging Station - Success (<algorithm>)
    Given the test station reports its certificate hash data with <algorithm>
    And the CSMS has installed the CSMSRootCertificate on the test station
    When the CSMS is asked to delete the test station's CSMSRootCertificate
    Then the CSMS asks for the installed certificates of type CSMSRootCertificate or of every type
    And the CSMS sends DeleteCertificate with the hash data the test station reported for its CSMSRootCertificate
    And the CSMS reports the test station's answer to DeleteCertificate with status "Accepted"

    Examples:
      | algorithm |
      | SHA256    |
      | SHA384    |
      | SHA512    |

  @TC_M_21_CSMS
  Scenario: TC_M_21_CSMS Delete a certificate from a Charging Station - Failed
    Given the CSMS has installed the CSMSRootCertificate on the test station
    And the test station will answer DeleteCertificate with status "Failed"
    When the CSMS is asked to delete the test station's CSMSRootCertificate
    Then the CSMS asks for the installed certificates of type CSMSRootCertificate or of every type
    And the CSMS sends DeleteCertificate with the hash data the test station reported for its CSMSRootCertificate
    And the CSMS reports the test station's answer to DeleteCertificate with status "Failed"

  @TC_M_24_CSMS @ocsp
  Scenario: TC_M_24_CSMS Get Charging Station Certificate status - Success
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite, with a real OCSP exchange:
    # the CSMS asks the responder of the request and returns its signed answer.
    When the test station asks for the OCSP status of its V2G sub-CA certificate
    Then the CSMS asked the OCSP responder
    And the CSMS answers GetCertificateStatus with the responder's signed answer that the certificate is good

  @TC_M_26_CSMS @cps
  Scenario: TC_M_26_CSMS Certificate Installation EV - Success
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite.
    When the test station forwards the EV's CertificateInstallationReq in Get15118EVCertificate
    Then the CSMS answers Get15118EVCertificate Accepted with a Base64 exiResponse

  @TC_M_28_CSMS @cps
  Scenario: TC_M_28_CSMS Certificate Update EV - Success
    # Not in the 2023-06 Part 6 text; follows the public OCTT-style suite.
    When the test station forwards the EV's CertificateUpdateReq in Get15118EVCertificate
    Then the CSMS answers Get15118EVCertificate Accepted with a Base64 exiResponse
