// Generated from flow.json by `npm run flows -- types`: do not edit, regenerate.

export type BookAppointmentScreenId = "APPOINTMENT" | "DETAILS" | "SUMMARY" | "TERMS";

/** The data each screen declares. */
export interface BookAppointmentScreens {
  APPOINTMENT: {
    department: Array<{
      id: string;
      title: string;
    }>;
    location: Array<{
      id: string;
      title: string;
      enabled?: boolean;
    }>;
    is_location_enabled: boolean;
    date: Array<{
      id: string;
      title: string;
      enabled?: boolean;
    }>;
    is_date_enabled: boolean;
    time: Array<{
      id: string;
      title: string;
      enabled?: boolean;
    }>;
    is_time_enabled: boolean;
  };
  DETAILS: {
    department: string;
    location: string;
    date: string;
    time: string;
  };
  SUMMARY: {
    appointment: string;
    details: string;
    department: string;
    location: string;
    date: string;
    time: string;
    name: string;
    email: string;
    phone: string;
    more_details: string;
  };
  TERMS: Record<string, never>;
}

/** What each screen's data_exchange actions send. */
export interface BookAppointmentExchanges {
  APPOINTMENT:
    | {
      trigger: "department_selected";
      department: string;
    }
    | {
      trigger: "location_selected";
      department: string;
      location?: string;
    }
    | {
      trigger: "date_selected";
      department: string;
      location?: string;
      date?: string;
    };
  DETAILS:
    | {
      department: string;
      location: string;
      date: string;
      time: string;
      name: string;
      email: string;
      phone: string;
      more_details?: string;
    };
  SUMMARY:
    | {
      department: string;
      location: string;
      date: string;
      time: string;
      name: string;
      email: string;
      phone: string;
      more_details: string;
    };
}

/** What the flow's complete actions send (any params when it completes from the endpoint). */
export type BookAppointmentCompletion =
  Record<string, unknown>
  ;

/** The screens with refresh_on_back: BACK on them calls the endpoint, so they need a BACK handler. */
export type BookAppointmentRefreshOnBack = "APPOINTMENT";

export interface BookAppointmentFlow {
  screens: BookAppointmentScreens;
  exchanges: BookAppointmentExchanges;
  completion: BookAppointmentCompletion;
  refreshOnBack: BookAppointmentRefreshOnBack;
}
